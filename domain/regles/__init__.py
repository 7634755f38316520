"""Rules of the domain, grouped by theme. Each rule is one error class (its docstring cites the
article it comes from) and, where it needs one, the function that checks it."""
