"""``python -m spinepath`` runs the command line."""

from spinepath.cli import main

main()
