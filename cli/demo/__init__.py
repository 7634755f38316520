"""``parcours demo``: plausible histories generated through the application's commands, for newcomers,
the benchmarks and the indicators (issue 7, item 2). ``population`` deals the people and their fates,
``vie`` plays one person's parcours step by step, ``generateur`` runs all the lives in business-time
order. Every legal number (deadlines, hours, rates, durations) is read from the application's
``Parametres``: the generator follows the law the domain enforces, and a refused command is a bug here.
"""
