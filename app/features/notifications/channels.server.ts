/**
 * Which channels this server can deliver on, from the environment. A channel that is not
 * configured is never queued by queueNotification. The log transport stands in outside
 * production when nothing else is configured (NOTIFY_LOG=auto), or always with NOTIFY_LOG=on.
 */
import { env, type Env } from "../../infra/env.server";
import { emailTransport } from "./email.server";
import { logTransport } from "./log.server";
import { twilioSmsTransport } from "./sms.server";
import type { Channel, Transports } from "./types.server";
import { whatsappTransport } from "./whatsapp.server";

export function configuredChannels(config: Env = env()): Set<Channel> {
  const channels = new Set<Channel>();
  if (config.SMTP_URL) channels.add("email");
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM) {
    channels.add("sms");
  }
  if (config.WHATSAPP_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID) channels.add("whatsapp");
  const log =
    config.NOTIFY_LOG === "on" ||
    (config.NOTIFY_LOG === "auto" && channels.size === 0 && config.NODE_ENV !== "production");
  if (log) channels.add("log");
  return channels;
}

/** A transport for every configured channel. */
export function transportsFromEnv(config: Env = env()): Transports {
  const channels = configuredChannels(config);
  const transports: Transports = {};
  if (channels.has("email") && config.SMTP_URL) {
    transports.email = emailTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  }
  if (
    channels.has("sms") &&
    config.TWILIO_ACCOUNT_SID &&
    config.TWILIO_AUTH_TOKEN &&
    config.TWILIO_FROM
  ) {
    transports.sms = twilioSmsTransport({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      from: config.TWILIO_FROM,
      apiUrl: config.TWILIO_API_URL,
    });
  }
  if (channels.has("whatsapp") && config.WHATSAPP_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID) {
    transports.whatsapp = whatsappTransport({
      token: config.WHATSAPP_TOKEN,
      phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
      apiUrl: config.WHATSAPP_API_URL,
    });
  }
  if (channels.has("log")) transports.log = logTransport();
  return transports;
}
