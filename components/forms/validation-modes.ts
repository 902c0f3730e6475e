// Every form validates on submit, then as the user corrects: validating on blur shifts the layout under a click on
// the submit button. Spread into useForm's options.
export const validationModes = { mode: "onSubmit", reValidateMode: "onChange" } as const;
