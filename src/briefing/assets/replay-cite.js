// Opens the replayed page at the cited words. ReplayWeb.page shows the archived page in
// frames of this site (under replay/, its service worker's scope), inside its elements'
// shadow roots; a text fragment (#:~:text=) in the replayed address is not applied in a
// frame. So the words are looked for in those frames with window.find, marked there (a CSS
// highlight, which changes nothing of the archived page's text) and scrolled to the middle
// of the frame; the reader's own place on this page is kept.
(function () {
  "use strict";

  function framesIn(root, found) {
    for (const element of root.querySelectorAll("*")) {
      if (element.shadowRoot) {
        framesIn(element.shadowRoot, found);
      }
      if (element.tagName === "IFRAME") {
        let inner = null;
        try {
          inner = element.contentDocument; // null, or an error, for a frame of another site
        } catch (error) {
          inner = null;
        }
        if (inner && inner.body) {
          found.push(inner.defaultView);
          framesIn(inner, found);
        }
      }
    }
    return found;
  }

  function mark(frame) {
    const selection = frame.getSelection();
    const range = selection.getRangeAt(0);
    const start = range.startContainer;
    (start.nodeType === 1 ? start : start.parentElement).scrollIntoView({ block: "center" });
    if (frame.CSS && frame.CSS.highlights && frame.Highlight) {
      const style = frame.document.createElement("style");
      style.textContent = "::highlight(briefing-cited) { background: #ffe082; color: #000; }";
      frame.document.head.appendChild(style);
      frame.CSS.highlights.set("briefing-cited", new frame.Highlight(range.cloneRange()));
      selection.removeAllRanges();
    }
  }

  function seek(box, words, tries) {
    for (const frame of framesIn(box, [])) {
      if (frame.document.body.innerText.includes(words)) {
        const x = window.scrollX;
        const y = window.scrollY;
        if (frame.find(words, true)) {
          mark(frame);
          window.scrollTo(x, y);
          box.dataset.found = "true";
          return;
        }
      }
    }
    if (tries > 0) {
      window.setTimeout(function () { seek(box, words, tries - 1); }, 250);
    }
  }

  for (const box of document.querySelectorAll(".replay[data-cite]")) {
    seek(box, box.dataset.cite, 240); // for a minute: a large archive takes time to load
  }
})();
