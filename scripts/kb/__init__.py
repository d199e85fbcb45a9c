"""The catalog toolkit: load -> validate -> derive -> render -> export."""
