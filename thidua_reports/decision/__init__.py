"""Stage 2, decision: prior-year comparison, criteria, ranking, the council, money, history."""
