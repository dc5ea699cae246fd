from runlift.app import main

raise SystemExit(main())
