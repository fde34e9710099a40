"""One module per sub-command; each defines ``configure(parser, name)`` and ``run(args)``."""
