"""The proofs: quotes found in their sources, references resolved, brief prose read, texts'
hashes, and each file's facts."""
