"""Code actions: analysis results turned into edits, each with its trust label."""
