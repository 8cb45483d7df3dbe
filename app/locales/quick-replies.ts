/**
 * Strings of the "Respostas rápidas" module. Spread into the locales as `quickReplies`, and
 * `validation` merged into the locales' `validation`.
 *
 * Never write a variable such as {{nome}} literally here: i18next would interpolate it. The
 * editor renders the variable tokens itself.
 */
export const quickRepliesPtBR = {
  nav: 'Respostas rápidas',
  title: 'Respostas rápidas',
  subtitle: 'Mensagens prontas para enviar no atendimento: no chat, digite / e o atalho.',
  new: 'Nova resposta',
  newTitle: 'Nova resposta rápida',
  editTitle: 'Editar resposta rápida',
  searchPlaceholder: 'Buscar por atalho ou texto',
  empty: 'Nenhuma resposta rápida cadastrada. Crie a primeira para agilizar o atendimento.',
  noResults: 'Nenhuma resposta encontrada para esta busca.',
  count_zero: 'Nenhuma resposta',
  count_one: '{{count}} resposta',
  count_other: '{{count}} respostas',
  scopes: { shared: 'Compartilhada', personal: 'Pessoal' },
  scopeOptions: {
    shared: 'Compartilhada — toda a equipe',
    personal: 'Pessoal — só eu',
  },
  attachment: 'Anexo',
  fields: {
    shortcut: 'Atalho',
    shortcutHint: 'Até 30 letras sem acento, números, - ou _. No chat, digite / e o atalho.',
    message: 'Mensagem',
    scope: 'Visibilidade',
    scopeHint: 'Respostas compartilhadas aparecem para todos os atendentes.',
    personalOnly: 'Esta resposta é pessoal: só você a vê e usa.',
    media: 'Arquivo (opcional)',
    mediaHint: 'Imagem, vídeo, áudio ou documento de até 16 MB, enviado junto com a mensagem.',
    currentMedia: 'Arquivo atual',
    removeMedia: 'Remover arquivo',
  },
  variables: {
    title: 'Variáveis',
    intro: 'São trocadas pelos dados do atendimento na hora do envio. Clique para inserir.',
    insert: 'Inserir',
    nome: 'nome completo do contato',
    primeiro_nome: 'primeiro nome do contato',
    protocolo: 'protocolo do atendimento',
    saudacao: '“Bom dia”, “Boa tarde” ou “Boa noite”, conforme o horário',
  },
  created: 'Resposta {{shortcut}} criada.',
  updated: 'Resposta {{shortcut}} atualizada.',
  deleted: 'Resposta {{shortcut}} excluída.',
  deleteTitle: 'Excluir a resposta {{shortcut}}?',
  deleteDescription: 'Ela deixa de aparecer no chat. Esta ação não pode ser desfeita.',
  deleteSharedDescription:
    'Ela deixa de aparecer para toda a equipe. Esta ação não pode ser desfeita.',
  validation: {
    shortcut: 'O atalho não pode ter espaços, acentos ou outros sinais.',
    shortcutTaken: 'Já existe uma resposta com este atalho.',
    fileTooBig: 'O arquivo deve ter no máximo {{max}} MB.',
  },
}

export type QuickRepliesTranslation = typeof quickRepliesPtBR

export const quickRepliesEn: QuickRepliesTranslation = {
  nav: 'Quick replies',
  title: 'Quick replies',
  subtitle: 'Ready-made messages for conversations: in the chat, type / and the shortcut.',
  new: 'New reply',
  newTitle: 'New quick reply',
  editTitle: 'Edit quick reply',
  searchPlaceholder: 'Search by shortcut or text',
  empty: 'No quick replies yet. Create the first one to answer faster.',
  noResults: 'No replies match this search.',
  count_zero: 'No replies',
  count_one: '{{count}} reply',
  count_other: '{{count}} replies',
  scopes: { shared: 'Shared', personal: 'Personal' },
  scopeOptions: {
    shared: 'Shared — the whole team',
    personal: 'Personal — only me',
  },
  attachment: 'Attachment',
  fields: {
    shortcut: 'Shortcut',
    shortcutHint:
      'Up to 30 letters without accents, digits, - or _. In the chat, type / followed by it.',
    message: 'Message',
    scope: 'Visibility',
    scopeHint: 'Shared replies are available to every agent.',
    personalOnly: 'This reply is personal: only you see and use it.',
    media: 'File (optional)',
    mediaHint: 'Image, video, audio or document up to 16 MB, sent along with the message.',
    currentMedia: 'Current file',
    removeMedia: 'Remove file',
  },
  variables: {
    title: 'Variables',
    intro: 'Replaced with the conversation’s details when sent. Click to insert.',
    insert: 'Insert',
    nome: 'contact’s full name',
    primeiro_nome: 'contact’s first name',
    protocolo: 'ticket protocol',
    saudacao: '“Bom dia”, “Boa tarde” or “Boa noite” (Portuguese greeting by time of day)',
  },
  created: 'Reply {{shortcut}} created.',
  updated: 'Reply {{shortcut}} updated.',
  deleted: 'Reply {{shortcut}} deleted.',
  deleteTitle: 'Delete the reply {{shortcut}}?',
  deleteDescription: 'It will no longer show up in the chat. This cannot be undone.',
  deleteSharedDescription: 'It will no longer show up for the whole team. This cannot be undone.',
  validation: {
    shortcut: 'The shortcut cannot have spaces, accents or other signs.',
    shortcutTaken: 'A reply with this shortcut already exists.',
    fileTooBig: 'The file must be at most {{max}} MB.',
  },
}
