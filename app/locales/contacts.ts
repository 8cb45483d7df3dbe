/**
 * Validation messages of the contact editor (side panel). Merged into the locales' `validation`
 * (`...contactsValidationPtBR` / `...contactsValidationEn`).
 */
export const contactsValidationPtBR = {
  cpf: 'CPF inválido: confira os números.',
  birthDate: 'Informe uma data válida, que não esteja no futuro.',
  customKeyTaken: 'Já existe um campo com este nome.',
  customFieldsMax: 'Use no máximo {{count}} campos.',
}

export const contactsValidationEn: typeof contactsValidationPtBR = {
  cpf: 'Invalid CPF: check the digits.',
  birthDate: 'Enter a valid date that is not in the future.',
  customKeyTaken: 'There is already a field with this name.',
  customFieldsMax: 'Use at most {{count}} fields.',
}
