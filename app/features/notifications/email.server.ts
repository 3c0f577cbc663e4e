/** Email through any SMTP server (nodemailer), configured by SMTP_URL and MAIL_FROM. */
import nodemailer from "nodemailer";
import { PermanentError, SEND_TIMEOUT_MS, type Transport } from "./types.server";

export function emailTransport({ smtpUrl, from }: { smtpUrl: string; from: string }): Transport {
  // One pooled-free transporter: a connection per message is fine at a few thousand a week.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return async (to, message) => {
    if (!to.email) throw new PermanentError("no email address");
    await transporter.sendMail({
      from,
      to: to.name ? { name: to.name, address: to.email } : to.email,
      subject: message.subject,
      text: message.text,
    });
  };
}
