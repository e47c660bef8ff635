"""The archive: storage, search, publication and the command line."""
