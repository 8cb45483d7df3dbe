/**
 * Administração › API (pt-BR and English): company tokens, the connection tokens beside them, the
 * documentation generated from the API's operations and the "Testar" form. Spread into the
 * locales as the `api` namespace.
 */
/** The fields of one operation by place (params, query, body, response) and field name. */
export type ApiFieldTexts = Partial<
  Record<'params' | 'query' | 'body' | 'response', Record<string, string>>
>

/** `texts` with `prefix` before each field name (`data[].`, `contact.`): a nested object's fields. */
const under = (prefix: string, texts: Record<string, string>) =>
  Object.fromEntries(Object.entries(texts).map(([name, text]) => [`${prefix}${name}`, text]))

// ---- pt-BR texts of the fields (Administração › API) ----

const phonePtBR = 'Número com DDI e DDD, só dígitos (espaços, +, -, () são aceitos): 5511987654321'

const pagingPtBR = {
  cursor: '`nextCursor` da página anterior: traz a página seguinte. Omita na primeira página.',
  limit: 'Linhas por página, de 1 a 100 (padrão 50).',
}

const nextPagePtBR = 'Passe em `cursor` para buscar a próxima página; null na última.'

const tagPtBR = {
  id: 'Id da etiqueta.',
  name: 'Nome da etiqueta.',
  color: 'Cor em hexadecimal, ex.: #16a34a.',
}

const contactPtBR = {
  id: 'Id do contato.',
  name: 'Nome.',
  number: 'Só dígitos, com DDI (celulares brasileiros com o nono dígito).',
  email: 'E-mail.',
  notes: 'Observações da equipe.',
  cpf: 'CPF, só dígitos.',
  birthDate: 'Data de nascimento, AAAA-MM-DD.',
  address: 'Endereço.',
  custom: 'Campos personalizados (chave → valor).',
  'custom[].key': 'Nome do campo.',
  'custom[].value': 'Valor do campo.',
  source:
    'De onde veio: bot (escreveu para a empresa), manual (cadastrado à mão), device (agenda do celular), import (arquivo importado).',
  blocked: 'Contato bloqueado: não abre atendimentos novos e a API não envia para ele.',
  isGroup: 'Um grupo do WhatsApp, não uma pessoa.',
  profilePictureUrl: 'Endereço da foto de perfil do WhatsApp, quando há.',
  tags: 'Etiquetas do contato.',
  ...under('tags[].', tagPtBR),
  createdAt: 'Quando foi cadastrado (data e hora ISO 8601, UTC).',
  updatedAt: 'Última alteração (data e hora ISO 8601, UTC).',
}

const contactInputPtBR = {
  name: 'Nome.',
  number: 'Número do WhatsApp: 55 + DDD + número (espaços, +, -, () são aceitos).',
  email: 'E-mail.',
  notes: 'Observações da equipe.',
  cpf: 'CPF (os dígitos verificadores são conferidos).',
  birthDate: 'Data de nascimento, AAAA-MM-DD (não pode ser no futuro).',
  address: 'Endereço.',
  custom:
    'Campos personalizados (chave → valor); a mesma chave não pode se repetir, nem com maiúsculas diferentes.',
  'custom[].key': 'Nome do campo.',
  'custom[].value': 'Valor do campo.',
  tags: 'Nomes de etiquetas: uma que já existe é reaproveitada, sem diferenciar maiúsculas; um nome novo cria a etiqueta.',
}

const ticketStatusPtBR =
  'pending: esperando um atendente; open: em atendimento; closed: finalizado.'

const ticketPtBR = {
  id: 'Id do atendimento.',
  protocol: 'O número que o cliente pode informar: data + id curto.',
  status: ticketStatusPtBR,
  contactId: 'Id do contato.',
  contactName: 'Nome do contato.',
  contactNumber: 'Número do contato (só dígitos, com DDI).',
  connectionId: 'Id da conexão por onde a conversa acontece.',
  connectionName: 'Nome da conexão.',
  queueId: 'Id da fila; null quando está fora de fila.',
  queueName: 'Nome da fila.',
  userId: 'Id do atendente responsável; null enquanto ninguém assumiu.',
  userName: 'Nome do atendente.',
  isGroup: 'Conversa de um grupo do WhatsApp.',
  unreadCount: 'Mensagens do cliente que a equipe ainda não leu.',
  lastMessageText: 'Texto da última mensagem.',
  lastMessageAt: 'Quando foi a última mensagem (data e hora ISO 8601, UTC).',
  tags: 'Etiquetas do atendimento (as do contato ficam no contato).',
  ...under('tags[].', tagPtBR),
  closedAt: 'Quando foi finalizado (data e hora ISO 8601, UTC); null se não foi.',
  createdAt: 'Quando foi aberto (data e hora ISO 8601, UTC).',
  updatedAt: 'Última alteração (data e hora ISO 8601, UTC).',
}

const messageStatusPtBR =
  'queued: na fila da conexão; sent: enviada; delivered: entregue; read: lida; failed: não foi enviada; received: recebida do cliente.'

const ticketMessagePtBR = {
  id: 'Id da mensagem.',
  fromMe: 'Enviada pela empresa (atendente, bot ou API).',
  private: 'Nota interna da equipe: nunca vai para o cliente.',
  type: 'Tipo da mensagem: texto, imagem, áudio, documento, localização…',
  body: 'O texto (ou a legenda do arquivo).',
  status: messageStatusPtBR,
  error: 'Por que falhou, quando falhou.',
  timestamp: 'Data e hora da mensagem no canal (ISO 8601, UTC).',
  mediaType: 'Tipo do arquivo (MIME, ex.: image/jpeg), quando há.',
  mediaName: 'Nome do arquivo.',
  mediaSize: 'Tamanho do arquivo, em bytes.',
  hasMedia: 'A mensagem tem um arquivo.',
  latitude: 'Latitude, numa localização enviada.',
  longitude: 'Longitude, numa localização enviada.',
  quotedMessageId: 'A mensagem que esta responde.',
  userName: 'O atendente que enviou.',
  edited: 'Editada no WhatsApp.',
  deleted: 'Apagada no WhatsApp (o texto fica guardado).',
}

const fieldsPtBR: Record<string, ApiFieldTexts> = {
  sendMessage: {
    body: {
      number: phonePtBR,
      body: 'O texto (é a legenda do primeiro arquivo quando há arquivos). Obrigatório sem arquivos.',
      connectionId: 'Tokens da empresa: a conexão por onde enviar (sem ele, a conexão padrão).',
      whatsappId: 'O mesmo que connectionId, com o nome usado no Whaticket.',
      userId: 'Atribui o atendimento a este usuário (e a mensagem sai em nome dele).',
      queueId: 'Coloca o atendimento nesta fila.',
      sendSignature: 'Põe a assinatura do usuário antes do texto (`*Nome:*`); pede userId.',
      closeTicket:
        'Finaliza o atendimento depois do envio (sem mensagem de despedida nem avaliação).',
      quotedMsg: 'Responde a esta mensagem: o id dela (ou um objeto com `id`).',
      noRegister:
        'Não abre atendimento: a mensagem fica no histórico do contato, num atendimento finalizado (ou no atendimento aberto dele, que continua como está).',
      scheduleAt: 'Data e hora ISO 8601: agenda a mensagem (Agendamentos) em vez de enviar agora.',
      idempotencyKey:
        'Mesma chave, mesma resposta: nunca envia duas vezes (também vale o cabeçalho Idempotency-Key).',
    },
    response: {
      status: 'SUCCESS: enviada (na fila da conexão); SCHEDULED: agendada.',
      messageId: 'A (primeira) mensagem; null quando agendada.',
      messageIds: 'Todas as mensagens enviadas (uma por arquivo; o texto vai com a primeira).',
      ticketId: 'O atendimento onde a mensagem ficou; null quando agendada.',
      contactId: 'O contato (criado na hora, se o número ainda não estava cadastrado).',
      connectionId: 'A conexão usada.',
      scheduleId: 'O agendamento, quando veio scheduleAt.',
      number: 'O número, já normalizado, para onde a mensagem foi.',
    },
  },
  checkNumber: {
    params: { number: phonePtBR },
    query: {
      connectionId: 'Tokens da empresa: a conexão que faz a checagem (sem ele, a conexão padrão).',
    },
    response: {
      number: 'O número como foi informado.',
      numberFormatted: 'O número como o WhatsApp o conhece (só dígitos).',
      existsInWhatsapp: 'Se o número está no WhatsApp; null quando a conexão não consegue checar.',
      connectionId: 'A conexão que checou.',
    },
  },
  getMessage: {
    params: { messageId: 'Id da mensagem (o messageId da resposta do envio).' },
    response: {
      id: 'Id da mensagem.',
      ticketId: 'Id do atendimento.',
      contactId: 'Id do contato.',
      connectionId: 'Id da conexão.',
      fromMe: ticketMessagePtBR.fromMe,
      type: ticketMessagePtBR.type,
      body: ticketMessagePtBR.body,
      mediaName: ticketMessagePtBR.mediaName,
      mediaType: ticketMessagePtBR.mediaType,
      status: messageStatusPtBR,
      error: ticketMessagePtBR.error,
      timestamp: 'Data e hora da mensagem no canal (ISO 8601).',
      createdAt: 'Quando o Balcão registrou a mensagem (data e hora ISO 8601, UTC).',
      updatedAt: 'Última alteração, como a mudança de status (data e hora ISO 8601, UTC).',
    },
  },
  listContacts: {
    query: {
      search: 'Parte do nome, ou um número de telefone.',
      tagId: 'Só contatos com esta etiqueta.',
      source: 'Só contatos desta origem.',
      sort: 'name (padrão, por nome) ou recent (mais novos primeiro).',
      ...pagingPtBR,
    },
    response: {
      data: 'Os contatos desta página.',
      ...under('data[].', contactPtBR),
      nextCursor: nextPagePtBR,
    },
  },
  getContact: {
    params: { contactId: 'Id do contato.' },
    response: contactPtBR,
  },
  createContact: {
    body: contactInputPtBR,
    response: contactPtBR,
  },
  updateContact: {
    params: { contactId: 'Id do contato.' },
    body: {
      ...contactInputPtBR,
      tags: 'Quando enviado, passam a ser as etiquetas do contato (nomes; [] tira todas).',
    },
    response: contactPtBR,
  },
  setContactTags: {
    params: { contactId: 'Id do contato.' },
    body: {
      tagIds: 'Ids de etiquetas da empresa (GET /api/tags).',
      names: contactInputPtBR.tags,
    },
    response: contactPtBR,
  },
  listTickets: {
    query: {
      status: ticketStatusPtBR,
      queueId: 'Só atendimentos desta fila.',
      userId: 'Só atendimentos deste atendente.',
      contactId: 'Só atendimentos deste contato.',
      connectionId: 'Só atendimentos desta conexão.',
      ...pagingPtBR,
    },
    response: {
      data: 'Os atendimentos desta página.',
      ...under('data[].', ticketPtBR),
      nextCursor: nextPagePtBR,
    },
  },
  getTicket: {
    params: { ticketId: 'Id do atendimento.' },
    query: { before: '`nextCursor` da resposta anterior: traz as mensagens mais antigas.' },
    response: {
      ...ticketPtBR,
      contact: 'O contato do atendimento.',
      ...under('contact.', contactPtBR),
      messages: 'Uma página de mensagens, da mais antiga para a mais nova.',
      ...under('messages[].', ticketMessagePtBR),
      nextCursor: 'Passe em `before` para buscar as mensagens anteriores; null quando não há mais.',
    },
  },
  closeTicket: {
    params: { ticketId: 'Id do atendimento.' },
    body: {
      sendCompletionMessage:
        'Envia a mensagem de finalização da conexão e a pergunta de avaliação (quando configuradas). Padrão false: nada é enviado.',
    },
    response: ticketPtBR,
  },
  transferTicket: {
    params: { ticketId: 'Id do atendimento.' },
    body: {
      userId: 'O atendente (GET /api/users).',
      queueId: 'A fila (GET /api/queues).',
      note: 'Uma nota interna para o próximo atendente (nunca vai para o cliente).',
    },
    response: ticketPtBR,
  },
  reopenTicket: {
    params: { ticketId: 'Id do atendimento.' },
    body: { userId: 'Entrega o atendimento reaberto a este atendente.' },
    response: ticketPtBR,
  },
  listQueues: {
    response: {
      data: 'Todas as filas, na ordem do menu.',
      'data[].id': 'Id da fila.',
      'data[].name': 'Nome da fila.',
      'data[].color': 'Cor da fila em hexadecimal, ex.: #2563eb.',
      'data[].order': 'Posição no menu do bot.',
    },
  },
  listUsers: {
    response: {
      data: 'Todos os usuários da empresa, por nome.',
      'data[].id': 'Id do usuário.',
      'data[].name': 'Nome.',
      'data[].email': 'E-mail de acesso.',
      'data[].role': 'Perfil: admin (administrador), supervisor ou agent (atendente).',
      'data[].active': 'false quando um administrador desativou o usuário.',
      'data[].online': 'Se o usuário está com o Balcão aberto agora.',
      'data[].queues': 'As filas que ele atende.',
      'data[].queues[].id': 'Id da fila.',
      'data[].queues[].name': 'Nome da fila.',
    },
  },
  listTags: {
    response: {
      data: 'Todas as etiquetas, por nome.',
      ...under('data[].', tagPtBR),
    },
  },
  listConnections: {
    response: {
      data: 'As conexões do WhatsApp.',
      'data[].id': 'Id da conexão.',
      'data[].name': 'Nome da conexão.',
      'data[].channel': 'whatsapp: um número de verdade; simulator: o simulador, para testes.',
      'data[].status':
        'connected: enviando e recebendo; opening: conectando; qrcode/pairing: esperando o pareamento com o celular; disconnected/logged_out: desconectada.',
      'data[].phone': 'O número do WhatsApp, depois de conectada.',
      'data[].isDefault': 'A conexão que os tokens da empresa usam quando não escolhem outra.',
      'data[].queueId': 'A fila para onde vão os atendimentos novos desta conexão; null sem fila.',
      'data[].queueName': 'Nome dessa fila.',
      'data[].statusChangedAt':
        'Quando o status mudou pela última vez (data e hora ISO 8601, UTC).',
    },
  },
}

export const apiPtBR = {
  nav: 'API',
  title: 'API',
  subtitle: 'Tokens e documentação para ligar o Balcão a outros sistemas: n8n, seu site, seu ERP.',
  scopes: {
    send: 'Enviar mensagens',
    read: 'Ler dados',
    write: 'Alterar dados',
  },
  scopeHints: {
    send: 'POST /api/messages/send e a checagem de números.',
    read: 'Consultar contatos, atendimentos, filas, usuários, etiquetas e conexões.',
    write: 'Criar e editar contatos, fechar, transferir e reabrir atendimentos.',
  },
  tokens: {
    title: 'Tokens da empresa',
    description:
      'Cada token fala com a API em nome da empresa, só com as permissões marcadas. O segredo aparece uma única vez.',
    new: 'Novo token',
    empty: 'Nenhum token ainda. Crie um para começar a usar a API.',
    columns: {
      name: 'Nome',
      scopes: 'Permissões',
      token: 'Token',
      createdAt: 'Criado',
      lastUsedAt: 'Último uso',
    },
    never: 'Nunca usado',
    revokedBadge: 'Revogado',
    revokedAt: 'Revogado {{when}}',
    revoke: 'Revogar',
    revokeLabel: 'Revogar o token {{name}}',
    revokeTitle: 'Revogar o token “{{name}}”?',
    revokeDescription:
      'Quem usa este token passa a receber 403 na hora. Não dá para desfazer: se precisar, crie outro.',
    revoked: 'Token revogado.',
    createTitle: 'Novo token de API',
    createDescription: 'Dê um nome que diga quem vai usar o token e marque só o que ele precisa.',
    name: 'Nome',
    namePlaceholder: 'n8n, Site, ERP…',
    scopesLabel: 'Permissões',
    create: 'Criar token',
    createdTitle: 'Token “{{name}}” criado',
    secretLabel: 'Seu token',
    once: 'Copie agora: por segurança, este token não será mostrado de novo.',
    copy: 'Copiar',
    copied: 'Copiado',
    done: 'Concluído',
    noScope: 'Escolha pelo menos uma permissão.',
  },
  connectionTokens: {
    title: 'Tokens das conexões',
    description:
      'Cada conexão pode ter um token próprio (compatível com o Whaticket): envia mensagens por ela e lê o que ela enviou.',
    empty: 'Nenhuma conexão tem token. Gere um na página da conexão.',
    none: 'Sem token',
    open: 'Abrir a conexão {{name}}',
    manage: 'Gerenciar',
  },
  docs: {
    title: 'Documentação',
    description:
      'Tudo é JSON. Envie o token no cabeçalho Authorization; cada chamada pede uma permissão.',
    baseUrl: 'Endereço base',
    auth: 'Autenticação',
    openapi: 'OpenAPI (JSON)',
    scope: 'Permissão',
    pathParams: 'Parâmetros do caminho',
    query: 'Parâmetros de consulta',
    body: 'Corpo (JSON)',
    bodyMultipart: 'Corpo (JSON ou multipart/form-data)',
    files:
      'Arquivos: um ou mais no campo `{{field}}`, com os demais campos no mesmo formulário multipart.',
    responses: 'Respostas',
    answerFields: 'Campos da resposta {{status}}',
    field: 'Campo',
    type: 'Tipo',
    required: 'obrigatório',
    descriptionColumn: 'Descrição',
    values: 'Valores: {{values}}',
    defaultValue: 'Padrão: {{value}}',
    examples: 'Exemplos',
    curlFile: 'curl com arquivo',
    tokenPlaceholder: 'SEU_TOKEN',
    filePlaceholder: '/caminho/do/arquivo.pdf',
    errors: 'Erros',
    errorsDescription:
      'Uma recusa responde {"error": {"code", "message", "fields"}}: o código diz o motivo, "fields" diz o campo.',
    copy: 'Copiar',
    copied: 'Copiado',
    empty: 'A documentação aparece aqui assim que as operações da API estiverem disponíveis.',
    jump: 'Ir para',
  },
  /** pt-BR names of the contract's tags and summaries (by operation id); the contract's text otherwise. */
  tags: {
    Messages: 'Mensagens',
    Contacts: 'Contatos',
    Tickets: 'Atendimentos',
    Queues: 'Filas',
    Users: 'Usuários',
    Tags: 'Etiquetas',
    Connections: 'Conexões',
  } as Record<string, string>,
  summaries: {
    sendMessage: 'Enviar uma mensagem (texto e/ou arquivos)',
    checkNumber: 'Ver se um número está no WhatsApp',
    getMessage: 'Uma mensagem e o seu status',
    listContacts: 'Listar contatos',
    getContact: 'Ver um contato',
    createContact: 'Criar um contato',
    updateContact: 'Alterar um contato',
    setContactTags: 'Definir as etiquetas de um contato',
    listTickets: 'Listar atendimentos',
    getTicket: 'Ver um atendimento com as mensagens',
    closeTicket: 'Finalizar um atendimento',
    transferTicket: 'Transferir um atendimento para um usuário e/ou uma fila',
    reopenTicket: 'Reabrir um atendimento finalizado',
    listQueues: 'Listar filas',
    listUsers: 'Listar usuários',
    listTags: 'Listar etiquetas',
    listConnections: 'Listar conexões e o status de cada uma',
  } as Record<string, string>,
  /**
   * What each operation does, beyond its summary (by operation id; only the operations whose
   * contract has a description); the contract's English otherwise.
   */
  descriptions: {
    sendMessage:
      'Compatível com o Whaticket. JSON, ou multipart/form-data com os arquivos em `medias` (até 10; 16 MB cada, 17 MB por requisição). Um token de conexão envia pela conexão dele; um token da empresa, pela `connectionId`/`whatsappId` ou pela conexão padrão. A mensagem fica no histórico do atendimento como qualquer outra.',
    listContacts:
      'Os contatos da empresa (sem os grupos), por nome ou dos mais novos para os mais antigos, uma página por vez. `search` procura no nome, ou pelo número de telefone (com ou sem o nono dígito).',
    createContact:
      'O número é normalizado (DDI, nono dígito); um número que a empresa já tem é recusado (400 em `number`).',
    updateContact:
      'Só mudam os campos enviados; `null` apaga um campo opcional. `tags`, quando enviado, substitui as etiquetas do contato.',
    setContactTags:
      'As etiquetas do contato passam a ser exatamente `tagIds` + `names` (nomes novos criam etiquetas). Um corpo vazio tira todas as etiquetas.',
    listTickets:
      'Atendimentos de todos os status, da atividade mais recente para a mais antiga, uma página por vez. Um token de conexão lista só os atendimentos da conexão dele.',
    getTicket:
      'O atendimento, o contato e as últimas 50 mensagens (das mais antigas para as mais novas); `before` traz as páginas anteriores. As notas internas da equipe vêm junto, marcadas com `private`.',
    transferTicket:
      'Para um usuário: o atendimento passa a ser dele (status open). Só para uma fila: fica esperando nela (status pending). É preciso informar `userId` ou `queueId`.',
    reopenTicket:
      'Com `userId`, o atendimento volta para esse usuário (status open); sem ele, volta para o atendente que já tinha (open), ou fica esperando na fila quando não tinha nenhum. Recusado (409) enquanto o contato tiver outro atendimento ativo na conexão.',
    listConnections: 'Um token de conexão vê só a própria conexão.',
  } as Record<string, string>,
  /** What each answer of an operation means (by operation id and status); the contract's English otherwise. */
  responses: {
    sendMessage: { 201: 'Enviada (na fila da conexão) ou agendada.' },
    checkNumber: { 200: 'A resposta da conexão.' },
    getMessage: { 200: 'A mensagem.' },
    listContacts: { 200: 'Uma página de contatos.' },
    getContact: { 200: 'O contato.' },
    createContact: { 201: 'O contato novo.' },
    updateContact: { 200: 'O contato depois da alteração.' },
    setContactTags: { 200: 'O contato com as etiquetas.' },
    listTickets: { 200: 'Uma página de atendimentos.' },
    getTicket: { 200: 'O atendimento e uma página de mensagens.' },
    closeTicket: { 200: 'O atendimento finalizado.' },
    transferTicket: { 200: 'O atendimento depois da transferência.' },
    reopenTicket: { 200: 'O atendimento reaberto.' },
    listQueues: { 200: 'Todas as filas, na ordem do menu.' },
    listUsers: { 200: 'Todos os usuários da empresa, por nome.' },
    listTags: { 200: 'Todas as etiquetas, por nome.' },
    listConnections: { 200: 'As conexões do WhatsApp.' },
  } as Record<string, Record<string, string>>,
  errorCodes: {
    validation_error: 'A requisição é inválida: `fields` diz qual campo e por quê.',
    not_on_whatsapp: 'O número não está no WhatsApp.',
    unauthorized: 'Falta o cabeçalho `Authorization: Bearer <token>`, ou o token não existe.',
    token_revoked: 'O token foi revogado.',
    missing_scope: 'O token não tem a permissão que esta chamada pede.',
    forbidden: 'O token não pode fazer isso.',
    not_found: 'Um id informado não existe (nesta empresa).',
    method_not_allowed: 'Este endereço não aceita este método HTTP.',
    conflict: 'A requisição conflita com o estado atual.',
    idempotency_conflict: 'O idempotencyKey já foi usado com outra requisição.',
    payload_too_large: 'O corpo ou um arquivo é grande demais.',
    unsupported_media_type: 'O corpo ou um arquivo tem um tipo que esta chamada não aceita.',
    rate_limited: 'Muitas requisições com este token: espere `Retry-After` segundos.',
    internal_error: 'Um erro do nosso lado (nunca esperado).',
  } as Record<string, string>,
  /**
   * pt-BR descriptions of the fields of each operation (by operation id, place and field name, as
   * app/domain/api/docs.ts names them: `data[].tags[].color`); the schema's English otherwise.
   */
  fields: fieldsPtBR,
  tryIt: {
    title: 'Testar',
    description:
      'Envia uma mensagem de verdade por POST /api/messages/send, com um token que tenha a permissão “Enviar mensagens”.',
    token: 'Token',
    tokenHint: 'Cole um token. O que você acabou de criar já vem preenchido.',
    number: 'Número (com DDI e DDD)',
    numberPlaceholder: '5511999998888',
    connection: 'Conexão',
    defaultConnection: 'A conexão padrão',
    body: 'Mensagem',
    bodyPlaceholder: 'Olá! Esta é uma mensagem de teste.',
    file: 'Arquivo (opcional)',
    send: 'Enviar',
    answer: 'Resposta',
    status: 'HTTP {{status}}',
    networkError: 'Não foi possível falar com o servidor.',
    sent: 'Mensagem enviada.',
    refused: 'A API recusou o envio ({{status}}).',
  },
}

// ---- English texts of the fields (the contract's own words where it has them) ----

const phoneEn = 'Phone number with country code, digits (spaces, +, -, () allowed): 5511987654321'

const pagingEn = {
  cursor: '`nextCursor` of the previous page: the page after it. Omit for the first page.',
  limit: 'Rows per page, 1 to 100 (default 50).',
}

const nextPageEn = 'Pass it as `cursor` for the next page; null on the last page.'

const tagEn = {
  id: 'Id of the tag.',
  name: 'Name of the tag.',
  color: 'Hex colour, e.g. #16a34a.',
}

const contactEn = {
  id: 'Id of the contact.',
  name: 'Name.',
  number: 'Digits with country code (Brazilian mobiles with the 9th digit).',
  email: 'E-mail.',
  notes: 'Notes of the team.',
  cpf: 'CPF digits.',
  birthDate: 'Birth date, YYYY-MM-DD.',
  address: 'Address.',
  custom: 'Custom fields (key → value).',
  'custom[].key': 'Name of the field.',
  'custom[].value': 'Value of the field.',
  source: 'bot: wrote to us; manual: typed in; device: the phone list; import: a file.',
  blocked: 'Blocked: opens no new tickets, and the API does not send to it.',
  isGroup: 'A WhatsApp group, not a person.',
  profilePictureUrl: 'URL of the WhatsApp profile picture, when there is one.',
  tags: 'Tags of the contact.',
  ...under('tags[].', tagEn),
  createdAt: 'When it was added (ISO 8601 date-time, UTC).',
  updatedAt: 'Last change (ISO 8601 date-time, UTC).',
}

const contactInputEn = {
  name: 'Name.',
  number: 'WhatsApp number: 55 + area code + number (spaces, +, -, () allowed).',
  email: 'E-mail.',
  notes: 'Notes of the team.',
  cpf: 'CPF (checked).',
  birthDate: 'Birth date, YYYY-MM-DD (not in the future).',
  address: 'Address.',
  custom: 'Custom fields (key → value); keys are unique ignoring case.',
  'custom[].key': 'Name of the field.',
  'custom[].value': 'Value of the field.',
  tags: 'Tag names: an existing tag is reused whatever its case; a new name creates the tag.',
}

const ticketStatusEn = 'pending: waiting for an agent; open: being served; closed: resolved.'

const ticketEn = {
  id: 'Id of the ticket.',
  protocol: 'The number a customer may quote: date + short id.',
  status: ticketStatusEn,
  contactId: 'Id of the contact.',
  contactName: 'Name of the contact.',
  contactNumber: 'Number of the contact (digits with country code).',
  connectionId: 'Id of the connection the conversation goes through.',
  connectionName: 'Name of the connection.',
  queueId: 'Id of the queue; null when in none.',
  queueName: 'Name of the queue.',
  userId: 'Id of the agent serving it; null until someone takes it.',
  userName: 'Name of the agent.',
  isGroup: 'A WhatsApp group conversation.',
  unreadCount: 'Customer messages the team has not read yet.',
  lastMessageText: 'Text of the last message.',
  lastMessageAt: 'When the last message was (ISO 8601 date-time, UTC).',
  tags: 'Tags of the ticket (the contact’s are on the contact).',
  ...under('tags[].', tagEn),
  closedAt: 'When it was closed (ISO 8601 date-time, UTC); null if it was not.',
  createdAt: 'When it was opened (ISO 8601 date-time, UTC).',
  updatedAt: 'Last change (ISO 8601 date-time, UTC).',
}

const messageStatusEn =
  'queued: waiting in the connection’s queue; sent; delivered; read; failed: not sent; received: from the customer.'

const ticketMessageEn = {
  id: 'Id of the message.',
  fromMe: 'Sent by the company (agent, bot or API).',
  private: 'A note of the team: never sent to the customer.',
  type: 'Kind of message: text, image, audio, document, location…',
  body: 'The text (or the caption of the file).',
  status: messageStatusEn,
  error: 'Why it failed, when it did.',
  timestamp: 'Date and time of the message on the channel (ISO 8601, UTC).',
  mediaType: 'Type of the file (MIME, e.g. image/jpeg), when there is one.',
  mediaName: 'Name of the file.',
  mediaSize: 'Size of the file, in bytes.',
  hasMedia: 'The message carries a file.',
  latitude: 'Latitude, in a shared location.',
  longitude: 'Longitude, in a shared location.',
  quotedMessageId: 'The message it replies to.',
  userName: 'The agent who sent it.',
  edited: 'Edited on WhatsApp.',
  deleted: 'Deleted on WhatsApp (the text is kept).',
}

const fieldsEn: Record<string, ApiFieldTexts> = {
  sendMessage: {
    body: {
      number: phoneEn,
      body: 'The text (the caption of the first file when files are sent). Needed without files.',
      connectionId:
        'Company tokens: the connection to send through (default: the default connection).',
      whatsappId: 'Whaticket name of connectionId.',
      userId: 'Assign the ticket to this user (and sign as them).',
      queueId: 'Put the ticket in this queue.',
      sendSignature: 'Prefix the text with the user’s signature (`*Name:*`); needs userId.',
      closeTicket: 'Close the ticket after sending (no farewell message, no rating).',
      quotedMsg: 'Reply to this message: its id (or an object with `id`).',
      noRegister:
        'Do not open a ticket: the message is kept in the contact’s history on a closed ticket (or in its open ticket, left as it is).',
      scheduleAt: 'ISO date-time: schedule the message (Agendamentos) instead of sending now.',
      idempotencyKey:
        'Same key = same answer, never a second send (also the Idempotency-Key header).',
    },
    response: {
      status: 'SUCCESS: sent (queued to the connection); SCHEDULED: scheduled.',
      messageId: 'The (first) message; null when scheduled.',
      messageIds: 'Every message sent (one per file, text with the first).',
      ticketId: 'The ticket the message went to; null when scheduled.',
      contactId: 'The contact (created on the spot when the number was new).',
      connectionId: 'The connection used.',
      scheduleId: 'The schedule, when scheduleAt was given.',
      number: 'The normalised number it was sent to.',
    },
  },
  checkNumber: {
    params: { number: phoneEn },
    query: {
      connectionId: 'Company tokens: the connection that checks (default: the default connection).',
    },
    response: {
      number: 'The number as given.',
      numberFormatted: 'The number WhatsApp knows (digits).',
      existsInWhatsapp: 'Whether the number is on WhatsApp; null when the connection cannot check.',
      connectionId: 'The connection that checked.',
    },
  },
  getMessage: {
    params: { messageId: 'Id of the message (the messageId of the send’s answer).' },
    response: {
      id: 'Id of the message.',
      ticketId: 'Id of the ticket.',
      contactId: 'Id of the contact.',
      connectionId: 'Id of the connection.',
      fromMe: ticketMessageEn.fromMe,
      type: ticketMessageEn.type,
      body: ticketMessageEn.body,
      mediaName: ticketMessageEn.mediaName,
      mediaType: ticketMessageEn.mediaType,
      status: messageStatusEn,
      error: ticketMessageEn.error,
      timestamp: 'ISO date-time on the channel.',
      createdAt: 'When Balcão recorded the message (ISO 8601 date-time, UTC).',
      updatedAt: 'Last change, such as a new status (ISO 8601 date-time, UTC).',
    },
  },
  listContacts: {
    query: {
      search: 'Part of the name, or a phone number.',
      tagId: 'Only contacts with this tag.',
      source: 'Only contacts from this source.',
      sort: 'name (default) or recent (newest first).',
      ...pagingEn,
    },
    response: {
      data: 'The contacts of this page.',
      ...under('data[].', contactEn),
      nextCursor: nextPageEn,
    },
  },
  getContact: {
    params: { contactId: 'Id of the contact.' },
    response: contactEn,
  },
  createContact: {
    body: contactInputEn,
    response: contactEn,
  },
  updateContact: {
    params: { contactId: 'Id of the contact.' },
    body: {
      ...contactInputEn,
      tags: 'When given, these become the contact’s tags (names; [] removes them all).',
    },
    response: contactEn,
  },
  setContactTags: {
    params: { contactId: 'Id of the contact.' },
    body: {
      tagIds: 'Ids of the company’s tags (GET /api/tags).',
      names: contactInputEn.tags,
    },
    response: contactEn,
  },
  listTickets: {
    query: {
      status: ticketStatusEn,
      queueId: 'Only tickets of this queue.',
      userId: 'Only tickets of this agent.',
      contactId: 'Only tickets of this contact.',
      connectionId: 'Only tickets of this connection.',
      ...pagingEn,
    },
    response: {
      data: 'The tickets of this page.',
      ...under('data[].', ticketEn),
      nextCursor: nextPageEn,
    },
  },
  getTicket: {
    params: { ticketId: 'Id of the ticket.' },
    query: { before: '`nextCursor` of the previous answer: the older messages.' },
    response: {
      ...ticketEn,
      contact: 'The contact of the ticket.',
      ...under('contact.', contactEn),
      messages: 'A page of messages, oldest first.',
      ...under('messages[].', ticketMessageEn),
      nextCursor: 'Pass it as `before` for the older messages; null when there are none.',
    },
  },
  closeTicket: {
    params: { ticketId: 'Id of the ticket.' },
    body: {
      sendCompletionMessage:
        'Send the connection’s completion message and the rating question (when set up). Default false: nothing is sent.',
    },
    response: ticketEn,
  },
  transferTicket: {
    params: { ticketId: 'Id of the ticket.' },
    body: {
      userId: 'The agent (GET /api/users).',
      queueId: 'The queue (GET /api/queues).',
      note: 'A private note for the next agent (never sent to the customer).',
    },
    response: ticketEn,
  },
  reopenTicket: {
    params: { ticketId: 'Id of the ticket.' },
    body: { userId: 'Give the reopened ticket to this agent.' },
    response: ticketEn,
  },
  listQueues: {
    response: {
      data: 'Every queue, in menu order.',
      'data[].id': 'Id of the queue.',
      'data[].name': 'Name of the queue.',
      'data[].color': 'Hex colour of the queue, e.g. #2563eb.',
      'data[].order': 'Position in the bot menu.',
    },
  },
  listUsers: {
    response: {
      data: 'Every user of the company, by name.',
      'data[].id': 'Id of the user.',
      'data[].name': 'Name.',
      'data[].email': 'Login e-mail.',
      'data[].role': 'Role: admin, supervisor or agent.',
      'data[].active': 'False when an admin disabled the user.',
      'data[].online': 'Whether the user has Balcão open right now.',
      'data[].queues': 'The queues the user serves.',
      'data[].queues[].id': 'Id of the queue.',
      'data[].queues[].name': 'Name of the queue.',
    },
  },
  listTags: {
    response: {
      data: 'Every tag, by name.',
      ...under('data[].', tagEn),
    },
  },
  listConnections: {
    response: {
      data: 'The WhatsApp connections.',
      'data[].id': 'Id of the connection.',
      'data[].name': 'Name of the connection.',
      'data[].channel': 'whatsapp: a real number; simulator: the simulator, for tests.',
      'data[].status':
        'connected: sending and receiving; opening: connecting; qrcode/pairing: waiting to be linked to the phone; disconnected/logged_out: disconnected.',
      'data[].phone': 'The WhatsApp number, once connected.',
      'data[].isDefault': 'The connection company tokens send through by default.',
      'data[].queueId': 'The queue new tickets of this connection go to; null when none.',
      'data[].queueName': 'Name of that queue.',
      'data[].statusChangedAt': 'When the status last changed (ISO 8601 date-time, UTC).',
    },
  },
}

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

export const apiEn: Widen<typeof apiPtBR> = {
  nav: 'API',
  title: 'API',
  subtitle:
    'Tokens and documentation to connect Balcão to other systems: n8n, your site, your ERP.',
  scopes: {
    send: 'Send messages',
    read: 'Read data',
    write: 'Change data',
  },
  scopeHints: {
    send: 'POST /api/messages/send and number checks.',
    read: 'Read contacts, tickets, queues, users, tags and connections.',
    write: 'Create and edit contacts; close, transfer and reopen tickets.',
  },
  tokens: {
    title: 'Company tokens',
    description:
      'Each token talks to the API on behalf of the company, with only the permissions ticked. The secret is shown once.',
    new: 'New token',
    empty: 'No tokens yet. Create one to start using the API.',
    columns: {
      name: 'Name',
      scopes: 'Permissions',
      token: 'Token',
      createdAt: 'Created',
      lastUsedAt: 'Last used',
    },
    never: 'Never used',
    revokedBadge: 'Revoked',
    revokedAt: 'Revoked {{when}}',
    revoke: 'Revoke',
    revokeLabel: 'Revoke the token {{name}}',
    revokeTitle: 'Revoke the token “{{name}}”?',
    revokeDescription:
      'Whoever uses this token gets 403 from now on. This cannot be undone: create another one if needed.',
    revoked: 'Token revoked.',
    createTitle: 'New API token',
    createDescription: 'Name it after who will use it and tick only what it needs.',
    name: 'Name',
    namePlaceholder: 'n8n, Website, ERP…',
    scopesLabel: 'Permissions',
    create: 'Create token',
    createdTitle: 'Token “{{name}}” created',
    secretLabel: 'Your token',
    once: 'Copy it now: for your safety it will not be shown again.',
    copy: 'Copy',
    copied: 'Copied',
    done: 'Done',
    noScope: 'Pick at least one permission.',
  },
  connectionTokens: {
    title: 'Connection tokens',
    description:
      'Each connection may have a token of its own (Whaticket-compatible): it sends through that connection and reads what it sent.',
    empty: 'No connection has a token. Generate one on the connection page.',
    none: 'No token',
    open: 'Open the connection {{name}}',
    manage: 'Manage',
  },
  docs: {
    title: 'Documentation',
    description:
      'Everything is JSON. Send the token in the Authorization header; each call needs a permission.',
    baseUrl: 'Base URL',
    auth: 'Authentication',
    openapi: 'OpenAPI (JSON)',
    scope: 'Permission',
    pathParams: 'Path parameters',
    query: 'Query parameters',
    body: 'Body (JSON)',
    bodyMultipart: 'Body (JSON or multipart/form-data)',
    files:
      'Files: one or more in the `{{field}}` field, with the other fields in the same multipart form.',
    responses: 'Responses',
    answerFields: 'Fields of the {{status}} response',
    field: 'Field',
    type: 'Type',
    required: 'required',
    descriptionColumn: 'Description',
    values: 'Values: {{values}}',
    defaultValue: 'Default: {{value}}',
    examples: 'Examples',
    curlFile: 'curl with a file',
    tokenPlaceholder: 'YOUR_TOKEN',
    filePlaceholder: '/path/to/file.pdf',
    errors: 'Errors',
    errorsDescription:
      'A refusal answers {"error": {"code", "message", "fields"}}: the code says why, "fields" says which field.',
    copy: 'Copy',
    copied: 'Copied',
    empty: 'The documentation shows up here as soon as the API operations are available.',
    jump: 'Go to',
  },
  tags: {
    Messages: 'Messages',
    Contacts: 'Contacts',
    Tickets: 'Tickets',
    Queues: 'Queues',
    Users: 'Users',
    Tags: 'Tags',
    Connections: 'Connections',
  },
  summaries: {
    sendMessage: 'Send a message (text and/or files)',
    checkNumber: 'Check whether a number is on WhatsApp',
    getMessage: 'A message and its status',
    listContacts: 'List contacts',
    getContact: 'Get a contact',
    createContact: 'Create a contact',
    updateContact: 'Update a contact',
    setContactTags: 'Set the tags of a contact',
    listTickets: 'List tickets',
    getTicket: 'Get a ticket with its messages',
    closeTicket: 'Close (resolve) a ticket',
    transferTicket: 'Transfer a ticket to a user and/or a queue',
    reopenTicket: 'Reopen a closed ticket',
    listQueues: 'List queues',
    listUsers: 'List users',
    listTags: 'List tags',
    listConnections: 'List connections and their status',
  },
  descriptions: {
    sendMessage:
      'Whaticket-compatible. JSON, or multipart/form-data with files in `medias` (up to 10; 16 MB each, 17 MB per request). A connection token sends through its connection; a company token through `connectionId`/`whatsappId` or the default connection. Recorded in the ticket history like any other message.',
    listContacts:
      'The company’s contacts (groups aside), by name or newest first, a page at a time. `search` matches the name, or a phone number (with or without the 9th digit).',
    createContact:
      'The number is normalised (country code, 9th digit); a number the company already has is refused (400 on `number`).',
    updateContact:
      'Only the fields sent change; `null` clears an optional field. `tags`, when sent, replace the contact’s tags.',
    setContactTags:
      'The contact’s tags become exactly `tagIds` + `names` (new names create tags). An empty body removes every tag.',
    listTickets:
      'Tickets of every status, most recent activity first, a page at a time. A connection token lists its connection’s tickets only.',
    getTicket:
      'The ticket, its contact and its latest 50 messages (oldest first); `before` pages back. Private notes of the team are included, marked `private`.',
    transferTicket:
      'To a user: the ticket becomes theirs (open). To a queue only: it waits there (pending). One of `userId`/`queueId` is needed.',
    reopenTicket:
      'To `userId` (open, theirs) when given; otherwise with the agent it had (open), or waiting in its queue when it had none. Refused (409) while the contact has another active ticket on the connection.',
    listConnections: 'A connection token sees its own connection only.',
  },
  responses: {
    sendMessage: { 201: 'Sent (queued to the connection) or scheduled.' },
    checkNumber: { 200: 'The answer of the connection.' },
    getMessage: { 200: 'The message.' },
    listContacts: { 200: 'A page of contacts.' },
    getContact: { 200: 'The contact.' },
    createContact: { 201: 'The new contact.' },
    updateContact: { 200: 'The contact after the change.' },
    setContactTags: { 200: 'The contact with its tags.' },
    listTickets: { 200: 'A page of tickets.' },
    getTicket: { 200: 'The ticket and a page of messages.' },
    closeTicket: { 200: 'The closed ticket.' },
    transferTicket: { 200: 'The ticket after the transfer.' },
    reopenTicket: { 200: 'The reopened ticket.' },
    listQueues: { 200: 'Every queue, in menu order.' },
    listUsers: { 200: 'Every user of the company, by name.' },
    listTags: { 200: 'Every tag, by name.' },
    listConnections: { 200: 'The WhatsApp connections.' },
  },
  errorCodes: {
    validation_error: 'The request is invalid: `fields` says which field and why.',
    not_on_whatsapp: 'The number is not on WhatsApp.',
    unauthorized: 'No `Authorization: Bearer <token>` header, or an unknown token.',
    token_revoked: 'The token was revoked.',
    missing_scope: 'The token lacks the scope this endpoint needs.',
    forbidden: 'The token may not do this.',
    not_found: 'A referenced id does not exist (in this company).',
    method_not_allowed: 'The endpoint does not take this HTTP method.',
    conflict: 'The request conflicts with the current state.',
    idempotency_conflict: 'The idempotencyKey was already used with a different request.',
    payload_too_large: 'The body or a file is too large.',
    unsupported_media_type: 'The body or a file has a type this endpoint does not take.',
    rate_limited: 'Too many requests for this token: wait `Retry-After` seconds.',
    internal_error: 'A bug on our side (never expected).',
  },
  fields: fieldsEn,
  tryIt: {
    title: 'Try it',
    description:
      'Sends a real message through POST /api/messages/send, with a token that has the “Send messages” permission.',
    token: 'Token',
    tokenHint: 'Paste a token. The one you just created is filled in.',
    number: 'Number (with country and area code)',
    numberPlaceholder: '5511999998888',
    connection: 'Connection',
    defaultConnection: 'The default connection',
    body: 'Message',
    bodyPlaceholder: 'Hello! This is a test message.',
    file: 'File (optional)',
    send: 'Send',
    answer: 'Response',
    status: 'HTTP {{status}}',
    networkError: 'Could not reach the server.',
    sent: 'Message sent.',
    refused: 'The API refused the send ({{status}}).',
  },
}
