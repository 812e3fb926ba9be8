"""One module per schema revision, applied in order when the log is opened."""
