"""Watch workouts: the steps a watch runs, FIT files written with ``fit-tool``, the device."""
