"""The language server: the check, completion, hover, definition, references and edits
offered in an editor as the records are typed (`briefing lsp`)."""
