"""pytest plugin entry point (``pytest11``): inert for every test that is not mobyspec's own."""
