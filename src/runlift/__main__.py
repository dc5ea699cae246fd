from runlift.cli import main

raise SystemExit(main())
