"""One module per company; the file name is the spider name."""
