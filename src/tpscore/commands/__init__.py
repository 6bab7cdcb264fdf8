"""Command implementations: glue between the CLI options, the core and the renderers."""
