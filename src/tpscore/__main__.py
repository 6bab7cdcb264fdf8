"""``python -m tpscore``."""

from .entry import main

main()
