; Folding ranges of a Fortran file, for hpcls.analysis.outline_folds.
; @fold: a construct folded from its first to its last line. @fold.comment and @fold.imports
; are single lines that Python joins into runs of consecutive lines.

[
  (program)
  (module)
  (submodule)
  (subroutine)
  (function)
  (module_procedure)
  (block_data)
  (derived_type_definition)
  (derived_type_procedures)
  (interface)
  (enum)
  (internal_procedures)
  (do_loop)
  (if_statement)
  (elseif_clause)
  (else_clause)
  (select_case_statement)
  (case_statement)
  (select_type_statement)
  (type_statement)
  (select_rank_statement)
  (rank_statement)
  (where_statement)
  (elsewhere_clause)
  (forall_statement)
  (associate_statement)
  (block_construct)
  (coarray_critical_statement)
  (coarray_team_statement)
  (preproc_if)
  (preproc_ifdef)
  (preproc_elif)
  (preproc_elifdef)
  (preproc_else)
] @fold

(comment) @fold.comment

[
  (use_statement)
  (include_statement)
  (preproc_include)
] @fold.imports
