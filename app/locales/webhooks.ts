/**
 * Administração › Integrações (pt-BR and English): webhooks, their delivery log, the hosts they
 * may reach inside the network and the n8n guide. Spread into the locales as the `webhooks`
 * namespace; the validation messages are merged into `validation`.
 *
 * Event names have dots, which i18next reads as nesting: their labels are keyed with `_`
 * (`eventLabels.ticket_created`). Never write a variable such as {{nome}} literally here.
 */
export const webhooksPtBR = {
  nav: 'Integrações',
  title: 'Integrações',
  subtitle:
    'Webhooks avisam outros sistemas (n8n, Zapier, o seu) do que acontece no Balcão, no momento em que acontece.',
  listTitle: 'Webhooks',
  listDescription:
    'Cada webhook recebe um POST com JSON, assinado com o segredo dele, para cada evento escolhido. Se o receptor falhar, o Balcão tenta de novo por até 24 horas.',
  new: 'Novo webhook',
  newTitle: 'Novo webhook',
  newSubtitle: 'Para onde o Balcão envia os eventos e quais eventos enviar.',
  editTitle: 'Editar webhook',
  edit: 'Editar',
  open: 'Ver entregas',
  empty: 'Nenhum webhook ainda. Crie o primeiro para enviar os eventos do Balcão a outro sistema.',
  columns: {
    name: 'Webhook',
    events: 'Eventos',
    status: 'Situação',
    active: 'Ativo',
    actions: 'Ações',
  },
  eventCount_one: '{{count}} evento',
  eventCount_other: '{{count}} eventos',
  pendingCount_one: '{{count}} na fila',
  pendingCount_other: '{{count}} na fila',
  status: {
    ok: 'Funcionando',
    never: 'Sem entregas ainda',
    failing: 'Falhando desde {{since}}',
    disabled: 'Desativado pelo Balcão',
    paused: 'Pausado',
  },
  lastDelivery: 'Última entrega {{when}}',
  toggle: 'Webhook {{name}} ativo',
  enabled: 'Webhook {{name}} ativado.',
  paused: 'Webhook {{name}} pausado: nenhum evento novo será enviado.',
  created: 'Webhook {{name}} criado. Envie um evento de teste para conferir o receptor.',
  updated: 'Webhook {{name}} salvo.',
  deleted: 'Webhook {{name}} excluído.',
  delete: 'Excluir',
  deleteTitle: 'Excluir o webhook {{name}}?',
  deleteDescription:
    'O histórico de entregas é excluído junto e as entregas pendentes não serão enviadas. Esta ação não pode ser desfeita.',
  limitReached: 'Cada empresa pode ter até {{max}} webhooks.',
  sections: {
    target: 'Destino',
    events: 'Eventos',
    eventsHint: 'O webhook recebe um POST para cada evento marcado.',
  },
  fields: {
    name: 'Nome',
    nameHint: 'Para você reconhecer o webhook (ex.: n8n — CRM).',
    url: 'URL',
    urlHint:
      'Endereço que recebe o POST (http ou https). No n8n, é a Production URL do nó Webhook.',
  },
  selectAll: 'Marcar todos',
  groups: {
    tickets: 'Atendimentos',
    messages: 'Mensagens',
    contacts: 'Contatos',
    other: 'Outros',
  },
  eventLabels: {
    ticket_created: 'Atendimento criado',
    ticket_accepted: 'Atendimento aceito',
    ticket_transferred: 'Atendimento transferido',
    ticket_closed: 'Atendimento encerrado',
    message_received: 'Mensagem recebida',
    message_sent: 'Mensagem enviada',
    message_status: 'Status da mensagem (entregue, lida…)',
    contact_created: 'Contato criado',
    contact_updated: 'Contato atualizado',
    rating_received: 'Avaliação recebida',
    connection_status: 'Status da conexão',
    webhook_test: 'Evento de teste',
  },
  secret: {
    title: 'Segredo de assinatura',
    description:
      'Cada entrega leva o cabeçalho X-Balcao-Signature: t=<horário unix>,v1=<HMAC-SHA256 em hexadecimal de "t.corpo" com este segredo>. Confira-o no receptor para ter certeza de que veio do Balcão.',
    label: 'Segredo',
    show: 'Mostrar segredo',
    hide: 'Ocultar segredo',
    copy: 'Copiar',
    copied: 'Copiado',
    regenerate: 'Gerar novo segredo',
    regenerateTitle: 'Gerar um novo segredo?',
    regenerateDescription:
      'O segredo atual deixa de valer já na próxima entrega. Atualize o receptor (por exemplo, o nó Code do n8n) com o novo segredo.',
    regenerated: 'Novo segredo gerado. Atualize o receptor com ele.',
  },
  detail: {
    back: 'Integrações',
    sendTest: 'Enviar evento de teste',
    testSent: 'Evento de teste na fila de entrega.',
    events: 'Eventos',
  },
  notices: {
    disabledTitle: 'O Balcão desativou este webhook',
    disabledBody:
      'As entregas falharam sem parar por 24 horas. Motivo: {{reason}}. Corrija o receptor e ative o webhook de novo: as entregas pendentes são retomadas.',
    disabledAt: 'Desativado em {{when}}.',
    enableAgain: 'Ativar de novo',
    paused: 'Este webhook está pausado: nenhum evento novo é enviado até você ativá-lo.',
    failing:
      'As entregas estão falhando desde {{since}}. O Balcão tenta de novo, com intervalos cada vez maiores, por até 24 horas; depois disso desativa o webhook e avisa os administradores.',
  },
  log: {
    title: 'Entregas',
    description: 'As mais recentes primeiro. A lista se atualiza sozinha.',
    empty: 'Nenhuma entrega ainda. Envie um evento de teste para ver como o receptor responde.',
    emptyFiltered: 'Nenhuma entrega com esta situação.',
    filter: 'Filtrar por situação',
    filterAll: 'Todas',
    statuses: {
      pending: 'Pendente',
      succeeded: 'Entregue',
      failed: 'Falhou',
    },
    columns: {
      status: 'Situação',
      event: 'Evento',
      response: 'Resposta',
      latency: 'Tempo',
      when: 'Quando',
      actions: 'Ações',
    },
    resendBadge: 'reenvio',
    attempts_one: '{{count}} tentativa',
    attempts_other: '{{count}} tentativas',
    nextRetry: 'Nova tentativa {{when}}',
    waiting: 'Aguardando envio',
    resend: 'Reenviar',
    resent: 'Entrega reenviada: ela entra no fim da fila deste webhook.',
    details: 'Detalhes',
    payload: 'Corpo enviado',
    response: 'Resposta do receptor',
    attemptsTitle: 'Tentativas',
    attempt: 'Tentativa {{number}}',
    running: 'em andamento',
    noResponse: 'sem resposta',
    error: 'Erro',
    older: 'Mais antigas',
    newest: 'Mais recentes',
    ms: '{{count}} ms',
  },
  hosts: {
    title: 'Hosts liberados na rede interna',
    description:
      'Por segurança, webhooks não chegam a endereços privados ou locais (127.0.0.1, 10.x, 192.168.x, o servidor de metadados da nuvem…). Libere aqui os hosts da sua rede que podem recebê-los — por exemplo, um n8n instalado no mesmo servidor.',
    label: 'Hosts liberados',
    hint: 'Um por linha: nome ou endereço IP, sem http:// e sem porta. Até {{max}}.',
    placeholder: 'n8n.interno\n127.0.0.1',
    saved: 'Hosts liberados salvos.',
    save: 'Salvar hosts',
  },
  n8n: {
    title: 'Guia rápido: n8n',
    description:
      'Três passos para receber os eventos do Balcão num workflow do n8n e responder pela API.',
    receiveTitle: '1. Receber os eventos',
    receive1:
      'No n8n, adicione o nó Webhook com HTTP Method POST e Respond Immediately. Copie a Production URL (…/webhook/…), crie aqui um webhook com ela e ative o workflow.',
    receive2:
      'Para testar no editor, use a Test URL (…/webhook-test/…): clique em Listen for test event e, em seguida, em "Enviar evento de teste" na página do webhook. A Test URL só escuta por 120 segundos.',
    receive3:
      'Se o n8n roda na sua rede (ex.: http://localhost:5678), libere o host dele em "Hosts liberados na rede interna".',
    verifyTitle: '2. Conferir a assinatura',
    verify1:
      'Em Options do nó Webhook, ligue Raw Body: o corpo chega exatamente como foi assinado. Depois dele, coloque um nó Code (JavaScript, Run Once for All Items) com o código abaixo; uma assinatura inválida ou com mais de 5 minutos interrompe o workflow.',
    verify2:
      'No n8n auto-hospedado, o módulo crypto precisa estar liberado para o nó Code (variável de ambiente NODE_FUNCTION_ALLOW_BUILTIN=crypto).',
    snippetLabel: 'Código do nó Code',
    apiTitle: '3. Responder pelo Balcão',
    api1: 'Crie um token em Administração › API, com as permissões de que o workflow precisa.',
    api2: 'No nó HTTP Request: Authentication Generic Credential Type, Generic Auth Type Header Auth, com Name Authorization e Value Bearer seguido do token (ou Bearer Auth, só com o token). Method POST e URL {{url}}.',
    apiLink: 'Abrir Administração › API',
    copy: 'Copiar código',
    copied: 'Código copiado',
  },
}

export const webhooksValidationPtBR = {
  webhookUrl: 'Informe uma URL completa com http:// ou https://, sem usuário e senha.',
  webhookEvents: 'Escolha ao menos um evento.',
  allowedHost: '"{{host}}" não é um nome de host nem um endereço IP.',
  allowedHostsTooMany: 'Libere no máximo {{count}} hosts.',
}

export const webhooksEn: typeof webhooksPtBR = {
  nav: 'Integrations',
  title: 'Integrations',
  subtitle:
    'Webhooks tell other systems (n8n, Zapier, your own) what happens in Balcão, as it happens.',
  listTitle: 'Webhooks',
  listDescription:
    'Each webhook receives a signed JSON POST for every event it subscribes to. When the receiver fails, Balcão retries for up to 24 hours.',
  new: 'New webhook',
  newTitle: 'New webhook',
  newSubtitle: 'Where Balcão sends events, and which events to send.',
  editTitle: 'Edit webhook',
  edit: 'Edit',
  open: 'See deliveries',
  empty: 'No webhooks yet. Create the first one to send Balcão events to another system.',
  columns: {
    name: 'Webhook',
    events: 'Events',
    status: 'Status',
    active: 'Active',
    actions: 'Actions',
  },
  eventCount_one: '{{count}} event',
  eventCount_other: '{{count}} events',
  pendingCount_one: '{{count}} queued',
  pendingCount_other: '{{count}} queued',
  status: {
    ok: 'Working',
    never: 'No deliveries yet',
    failing: 'Failing since {{since}}',
    disabled: 'Turned off by Balcão',
    paused: 'Paused',
  },
  lastDelivery: 'Last delivery {{when}}',
  toggle: 'Webhook {{name}} active',
  enabled: 'Webhook {{name}} turned on.',
  paused: 'Webhook {{name}} paused: no new events will be sent.',
  created: 'Webhook {{name}} created. Send a test event to check the receiver.',
  updated: 'Webhook {{name}} saved.',
  deleted: 'Webhook {{name}} deleted.',
  delete: 'Delete',
  deleteTitle: 'Delete webhook {{name}}?',
  deleteDescription:
    'Its delivery log is deleted too and pending deliveries will not be sent. This cannot be undone.',
  limitReached: 'A company may have up to {{max}} webhooks.',
  sections: {
    target: 'Destination',
    events: 'Events',
    eventsHint: 'The webhook receives a POST for each checked event.',
  },
  fields: {
    name: 'Name',
    nameHint: 'So you recognise the webhook (e.g. n8n — CRM).',
    url: 'URL',
    urlHint:
      'The address that receives the POST (http or https). In n8n, the Webhook node’s Production URL.',
  },
  selectAll: 'Check all',
  groups: {
    tickets: 'Tickets',
    messages: 'Messages',
    contacts: 'Contacts',
    other: 'Other',
  },
  eventLabels: {
    ticket_created: 'Ticket created',
    ticket_accepted: 'Ticket accepted',
    ticket_transferred: 'Ticket transferred',
    ticket_closed: 'Ticket closed',
    message_received: 'Message received',
    message_sent: 'Message sent',
    message_status: 'Message status (delivered, read…)',
    contact_created: 'Contact created',
    contact_updated: 'Contact updated',
    rating_received: 'Rating received',
    connection_status: 'Connection status',
    webhook_test: 'Test event',
  },
  secret: {
    title: 'Signing secret',
    description:
      'Every delivery carries the header X-Balcao-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body" with this secret>. Check it on the receiver to be sure it came from Balcão.',
    label: 'Secret',
    show: 'Show secret',
    hide: 'Hide secret',
    copy: 'Copy',
    copied: 'Copied',
    regenerate: 'Generate a new secret',
    regenerateTitle: 'Generate a new secret?',
    regenerateDescription:
      'The current secret stops working with the next delivery. Update the receiver (e.g. the n8n Code node) with the new one.',
    regenerated: 'New secret generated. Update the receiver with it.',
  },
  detail: {
    back: 'Integrations',
    sendTest: 'Send a test event',
    testSent: 'Test event queued for delivery.',
    events: 'Events',
  },
  notices: {
    disabledTitle: 'Balcão turned this webhook off',
    disabledBody:
      'Deliveries failed without a break for 24 hours. Reason: {{reason}}. Fix the receiver and turn the webhook on again: pending deliveries resume.',
    disabledAt: 'Turned off at {{when}}.',
    enableAgain: 'Turn on again',
    paused: 'This webhook is paused: no new events are sent until you turn it on.',
    failing:
      'Deliveries have been failing since {{since}}. Balcão retries with growing intervals for up to 24 hours, then turns the webhook off and tells the admins.',
  },
  log: {
    title: 'Deliveries',
    description: 'Newest first. The list updates by itself.',
    empty: 'No deliveries yet. Send a test event to see how the receiver answers.',
    emptyFiltered: 'No deliveries with this status.',
    filter: 'Filter by status',
    filterAll: 'All',
    statuses: {
      pending: 'Pending',
      succeeded: 'Delivered',
      failed: 'Failed',
    },
    columns: {
      status: 'Status',
      event: 'Event',
      response: 'Response',
      latency: 'Time',
      when: 'When',
      actions: 'Actions',
    },
    resendBadge: 'resent',
    attempts_one: '{{count}} attempt',
    attempts_other: '{{count}} attempts',
    nextRetry: 'Retrying {{when}}',
    waiting: 'Waiting to be sent',
    resend: 'Resend',
    resent: 'Delivery resent: it goes to the end of this webhook’s queue.',
    details: 'Details',
    payload: 'Body sent',
    response: 'Receiver’s answer',
    attemptsTitle: 'Attempts',
    attempt: 'Attempt {{number}}',
    running: 'in progress',
    noResponse: 'no answer',
    error: 'Error',
    older: 'Older',
    newest: 'Newest',
    ms: '{{count}} ms',
  },
  hosts: {
    title: 'Hosts allowed inside the network',
    description:
      'For safety, webhooks do not reach private or local addresses (127.0.0.1, 10.x, 192.168.x, the cloud metadata server…). Allow here the hosts of your network that may receive them — for instance an n8n running on the same server.',
    label: 'Allowed hosts',
    hint: 'One per line: a name or an IP address, without http:// and without a port. Up to {{max}}.',
    placeholder: 'n8n.internal\n127.0.0.1',
    saved: 'Allowed hosts saved.',
    save: 'Save hosts',
  },
  n8n: {
    title: 'Quick guide: n8n',
    description:
      'Three steps to receive Balcão events in an n8n workflow and answer through the API.',
    receiveTitle: '1. Receive the events',
    receive1:
      'In n8n, add a Webhook node with HTTP Method POST and Respond Immediately. Copy its Production URL (…/webhook/…), create a webhook here with it and activate the workflow.',
    receive2:
      'To test in the editor, use the Test URL (…/webhook-test/…): click Listen for test event, then "Send a test event" on the webhook’s page. The Test URL listens for 120 seconds only.',
    receive3:
      'If n8n runs inside your network (e.g. http://localhost:5678), allow its host under "Hosts allowed inside the network".',
    verifyTitle: '2. Check the signature',
    verify1:
      'In the Webhook node’s Options, turn on Raw Body: the body arrives exactly as it was signed. After it, add a Code node (JavaScript, Run Once for All Items) with the code below; a wrong signature, or one older than 5 minutes, stops the workflow.',
    verify2:
      'On self-hosted n8n the Code node needs the crypto module allowed (environment variable NODE_FUNCTION_ALLOW_BUILTIN=crypto).',
    snippetLabel: 'Code node',
    apiTitle: '3. Answer through Balcão',
    api1: 'Create a token under Administration › API with the scopes the workflow needs.',
    api2: 'In the HTTP Request node: Authentication Generic Credential Type, Generic Auth Type Header Auth, with Name Authorization and Value Bearer followed by the token (or Bearer Auth with the token alone). Method POST and URL {{url}}.',
    apiLink: 'Open Administration › API',
    copy: 'Copy code',
    copied: 'Code copied',
  },
}

export const webhooksValidationEn: typeof webhooksValidationPtBR = {
  webhookUrl: 'Enter a full URL with http:// or https://, without user and password.',
  webhookEvents: 'Pick at least one event.',
  allowedHost: '"{{host}}" is neither a host name nor an IP address.',
  allowedHostsTooMany: 'Allow at most {{count}} hosts.',
}
