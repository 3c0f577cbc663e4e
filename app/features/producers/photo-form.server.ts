/** Reading a form that may carry one photo (products, family baskets). */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { isBodyTooLarge, PHOTO_BODY_LIMIT } from "../../infra/body-limit.server";
import { assertReasonableForm, readFormData } from "../../lib/forms.server";

/** Whole request cap: one photo a bit over the limit (so it can be refused politely) plus fields. */
const MAX_UPLOAD_BYTES = PHOTO_BODY_LIMIT;

/**
 * The posted form, with its "photo" part kept in memory (the photo model checks it); any other
 * file part is dropped unread. Up to 16 MB is read, so a photo just over 10 MB is refused with
 * the typed values kept ("tooLarge"); a plain form is read as usual.
 */
export async function readFormWithPhoto(request: Request): Promise<FormData | "tooLarge"> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data"))
    return readFormData(request);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_UPLOAD_BYTES) return "tooLarge";
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_UPLOAD_BYTES,
        filter: ({ name, filename }) => !filename || name === "photo",
      }),
    );
    assertReasonableForm(formData);
    return formData;
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof MaxPartSizeExceededError || isBodyTooLarge(error)) return "tooLarge";
    throw new Response("Expected a form submission", { status: 415 });
  }
}
