; Named things of a Fortran file, for hpcls.analysis.outline_fortran.
;
; Program units are captured on their *header statement* (@definition.<kind>): the construct is
; the statement's parent, and when the parser lost the construct (an ERROR around a half-typed
; unit) the header is still there, so Python rebuilds the unit from the header to its `end`.
; Python also decides what a declaration is (module variable, field, dummy, local, constant)
; from where it sits, so one capture serves the outline and go-to-definition.

(program_statement (name) @name) @definition.program
(module_statement (name) @name) @definition.module
(submodule_statement (name) @name) @definition.submodule
(subroutine_statement name: (name) @name) @definition.subroutine
(function_statement name: (name) @name) @definition.function
(module_procedure_statement name: (name) @name) @definition.module_procedure
(block_data_statement (name) @name) @definition.block_data
(derived_type_statement (type_name) @name) @definition.type
(interface_statement [(name) (operator) (assignment)] @name) @definition.interface

; `module procedure a, b` inside a generic interface: listed under the interface.
(interface
  (procedure_statement declarator: (method_name) @name) @definition.interface_procedure)

; Type-bound procedures: `procedure :: norm => p3_norm` or `procedure :: norm`.
(derived_type_procedures
  (procedure_statement
    declarator: [
      (binding (binding_name (identifier) @name))
      (method_name) @name
    ]) @definition.method)

; One match per declarator; Python digs the name out of sized/init/pointer declarators.
(variable_declaration declarator: (_) @declarator) @definition.variable
(enumerator_statement declarator: (_) @declarator) @definition.enumerator
(parameter_statement (parameter_assignment (identifier) @name)) @definition.parameter_statement
(common_statement (variable_group (name) @name)) @definition.common

(subroutine_statement parameters: (parameters (identifier) @name)) @definition.dummy
(function_statement parameters: (parameters (identifier) @name)) @definition.dummy
(function_statement (function_result (identifier) @name)) @definition.result
(association name: (identifier) @name) @definition.associate

(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

(use_statement (module_name) @name) @import.use
(include_statement path: (filename) @path) @import.include
(preproc_include path: (_) @path) @import.include
