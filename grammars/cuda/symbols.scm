; Named things of a CUDA file (C++ plus `__global__`, `__device__` and friends), for hpcls.analysis.outline_c.
;
; Declarators nest (`*p`, `&r`, `a[N]`, `f(int)`, `(*fp)(int)`), so declarations capture the
; top declarator (@declarator) and Python walks down to the name. Python also decides from
; the surroundings whether a `declaration` is a global, a member, a local or a prototype.

(function_definition declarator: (_) @declarator) @definition.function
(declaration declarator: (_) @declarator) @definition.declaration
(field_declaration declarator: (_) @declarator) @definition.field
(parameter_declaration declarator: (_) @declarator) @definition.parameter
(optional_parameter_declaration declarator: (_) @declarator) @definition.parameter
(type_definition declarator: (_) @declarator) @definition.typedef
(alias_declaration name: (type_identifier) @name) @definition.alias
(for_range_loop declarator: (_) @declarator) @definition.range_local

(class_specifier body: (field_declaration_list)) @definition.class
(struct_specifier body: (field_declaration_list)) @definition.struct
(union_specifier body: (field_declaration_list)) @definition.union
(enum_specifier body: (enumerator_list)) @definition.enum
(enumerator name: (identifier) @name) @definition.enumerator
(namespace_definition body: (declaration_list)) @definition.namespace

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

; A half-typed function: its body did not parse, but its signature is still there.
(ERROR (function_declarator) @declarator @definition.broken_function)

(preproc_include path: (_) @path) @import.include
