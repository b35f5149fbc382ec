"""Stage 3, workbooks: the .xlsx writer, tong_hop/kiem_tra, the unit input form."""
