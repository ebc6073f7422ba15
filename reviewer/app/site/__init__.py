"""The site room: a Jekyll site's collections, switched between, each with its own view."""
