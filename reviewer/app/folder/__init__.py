"""The open folder: loading it in a thread, watching it for changes on disk, saving in a
worker, and the index cache menu."""
