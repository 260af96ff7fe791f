"""Differential testing of hpcls's loop verdicts: a random loop-program generator and an
oracle that runs every verified "Parallelize loop" edit against the serial program."""
