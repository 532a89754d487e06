// The demo's mail catcher: a real SMTP server that Relance's own sender (nodemailer) talks to; what
// it keeps is parsed (encoded headers, quoted-printable and base64 parts, an inline image) and
// bounded, newest first.
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpSender } from '../../src/channels/email.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../src/demo/smtp-catcher.ts';

let catcher: SmtpCatcher | null = null;
afterEach(async () => {
  await catcher?.close();
  catcher = null;
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('the demo SMTP catcher', () => {
  it('keeps what Relance sends, parsed: names, subject, text and HTML in any transfer encoding', async () => {
    catcher = await startSmtpCatcher();
    const sender = createSmtpSender(catcher.url);
    const longLine = `Total restant dû : ${'9 440,99 € '.repeat(20)}`;
    await sender.send({
      messageId: '<a1@demo.relance.localhost>',
      from: { name: 'Atelier Lumière SRL (demo)', address: 'reminders@demo.relance.localhost' },
      replyTo: 'compta@atelier.example',
      to: ['Zoë Peeters <invoices@peeters.example>'],
      subject: 'Mise en demeure de payer : factures n° INV-2979 et INV-3101',
      text: `Madame, Monsieur,\n\n${longLine}\n`,
      html: `<p>Madame, Monsieur,</p><p>${longLine}</p><img src="cid:qr">`,
      attachments: [{ filename: 'qr.png', content: PNG, cid: 'qr', contentType: 'image/png' }],
    });
    await sender.send({
      messageId: '<a2@demo.relance.localhost>',
      from: { name: 'Harbour & Pine Studio (demo)', address: 'reminders@demo.relance.localhost' },
      replyTo: null,
      to: ['ap@prairie.example'],
      subject: 'Invoice 1042 is overdue',
      text: 'Hello,\nplease pay.\n',
      html: '<p>Hello,</p><p>please pay.</p>',
    });
    sender.close();
    const [second, first] = catcher.messages();
    expect(first?.from).toBe('Atelier Lumière SRL (demo) <reminders@demo.relance.localhost>');
    expect(first?.to).toBe('Zoë Peeters <invoices@peeters.example>');
    expect(first?.subject).toBe('Mise en demeure de payer : factures n° INV-2979 et INV-3101');
    expect(first?.text).toBe(`Madame, Monsieur,\n\n${longLine}\n`);
    expect(first?.html).toBe(`<p>Madame, Monsieur,</p><p>${longLine}</p><img src="cid:qr">`);
    expect(second?.from).toBe('"Harbour & Pine Studio (demo)" <reminders@demo.relance.localhost>');
    expect(second?.subject).toBe('Invoice 1042 is overdue');
    expect(second?.text).toBe('Hello,\nplease pay.\n');
    expect(Date.parse(second?.receivedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first?.receivedAt ?? ''));
    expect(new Set([first?.id, second?.id]).size).toBe(2);
  });

  it('keeps only the newest messages', async () => {
    catcher = await startSmtpCatcher({ keep: 3 });
    const sender = createSmtpSender(catcher.url);
    for (let i = 1; i <= 5; i++) {
      await sender.send({
        messageId: `<m${i}@demo.relance.localhost>`,
        from: { name: 'Firm (demo)', address: 'reminders@demo.relance.localhost' },
        replyTo: null,
        to: ['ap@customer.example'],
        subject: `Reminder ${i}`,
        text: `Reminder ${i}`,
        html: `<p>Reminder ${i}</p>`,
      });
    }
    sender.close();
    expect(catcher.messages().map((m) => m.subject)).toEqual(['Reminder 5', 'Reminder 4', 'Reminder 3']);
  });
});
