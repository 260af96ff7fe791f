"""The trust ladder: checks that an edit parses, is dependence-checked, compiles."""
