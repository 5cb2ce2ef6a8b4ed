# nonlocal at module level.
nonlocal count
