"""The MkDocs side: everything the site shows, computed in memory from the designs."""
