"""The plan as the runner sees it: the weeks × days table of chips and the volume chart."""
