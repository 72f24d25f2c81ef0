/** The bridge's channel names, apart from their schemas so the preload bundles no validator. */
export const IPC_CHANNELS = ['app:about', 'journal:append', 'journal:acknowledge', 'journal:read', 'station:remember', 'station:recall', 'print:printers', 'print:pdf', 'print:save'] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];
