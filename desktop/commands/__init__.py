"""CLI subcommands; each module is owned by the feature it drives."""
