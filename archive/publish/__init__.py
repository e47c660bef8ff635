"""Publishing the archive with Datasette: metadata, canned queries, templates and the plugin."""
