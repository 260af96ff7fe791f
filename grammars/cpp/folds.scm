; inherits: c
; Folding ranges of a C++ file: those of C, plus the C++ constructs.

[
  (class_specifier)
  (namespace_definition)
  (template_declaration)
  (declaration_list)
] @fold
