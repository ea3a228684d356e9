"""python -m informterm"""

from informterm.cli import main

raise SystemExit(main())
