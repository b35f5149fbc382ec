"""Stage 1, intake: the inbox, safe workbook reading, the unit workbook rules, the registry."""
