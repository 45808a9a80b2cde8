// The id of the form the outputs explorer's row checkboxes belong to (a plain module: a server page
// cannot read a constant out of a "use client" file).
export const OUTPUT_SELECTION_FORM_ID = "outputs-incident-selection";
