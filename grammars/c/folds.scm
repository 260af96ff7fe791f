; Folding ranges of a C file, for hpcls.analysis.outline_folds.
; @fold: a construct folded from its first to its last line. @fold.comment and @fold.imports
; are single items that Python joins into runs of consecutive lines.

[
  (function_definition)
  (compound_statement)
  (struct_specifier)
  (union_specifier)
  (enum_specifier)
  (field_declaration_list)
  (enumerator_list)
  (initializer_list)
  (case_statement)
  (preproc_if)
  (preproc_ifdef)
  (preproc_elif)
  (preproc_elifdef)
  (preproc_else)
  (preproc_def)
  (preproc_function_def)
] @fold

(comment) @fold.comment

(preproc_include) @fold.imports
