/**
 * The coordinator's producer pages: profile and certification edits with bad input refused,
 * and two markets that never see or touch each other's producers.
 */
import { describe, expect, it } from "vitest";
import { addDays, limaDateOf } from "../../app/lib/time";
import * as publicProfile from "../../app/routes/productores.$slug";
import { createProducer } from "../factories";
import { getRequest, run } from "../helpers";
import {
  s,
  setUpCoordProducers,
  pagePath,
  post,
  showPage,
  showList,
  statusOf,
  auditRows,
  certsOf,
  profileOf,
  key,
  snapshot,
  type ListRow,
} from "../support/coord-producers";
import { flashOf } from "../support/flash";

setUpCoordProducers();

// --- profile ---------------------------------------------------------------------------------

describe("editing a profile", () => {
  it("saves farm, community, district, province and story, keeps the slug and audits the change", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Vieja", slug: "chacra-vieja", province: "Cusco" },
    });
    const res = await post(producer.id, {
      intent: "profile",
      farmName: "  Chacra Nueva Esperanza ",
      community: "Chincheros",
      district: "Chinchero",
      province: "Urubamba",
      story: "Papas nativas y maíz.",
    });
    expect(res.headers.get("Location")).toBe(pagePath(producer.id));
    expect((await flashOf(res))?.key).toBe("coordProducers.notice.profileSaved");
    expect(profileOf(producer.id)).toMatchObject({
      farmName: "Chacra Nueva Esperanza",
      community: "Chincheros",
      district: "Chinchero",
      province: "Urubamba",
      story: "Papas nativas y maíz.",
      slug: "chacra-vieja",
    });
    const [audit] = auditRows(producer.id);
    expect(audit.action).toBe("producer.profile");
    expect(JSON.parse(audit.data).changes.farmName).toEqual([
      "Chacra Vieja",
      "Chacra Nueva Esperanza",
    ]);
    // The public page at the same address shows the new profile.
    const page = await (
      await run(publicProfile.loader, getRequest("/productores/chacra-vieja"), {
        params: { slug: "chacra-vieja" },
      })
    ).json();
    expect(page.producer).toMatchObject({
      farmName: "Chacra Nueva Esperanza",
      district: "Chinchero",
    });
  });

  it("refuses bad input with 400, keeps what was typed and writes nothing", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Intacta" },
    });
    const before = snapshot();
    const typed = {
      intent: "profile",
      farmName: "X",
      community: "c".repeat(81),
      district: "Ollantaytambo",
      province: "Lima",
      story: "s".repeat(1001),
    };
    const res = await post(producer.id, typed);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.formId).toBe("profile");
    expect(body.error).toMatchObject({
      farmName: ["coordProducers.errors.farmNameTooShort"],
      community: ["errors.textTooLong"],
      province: ["errors.provinceInvalid"],
      story: ["coordProducers.errors.storyTooLong"],
    });
    expect(body.initialValue).toMatchObject(typed);
    expect(snapshot()).toEqual(before);
    expect(profileOf(producer.id).farmName).toBe("Chacra Intacta");
  });
});

// --- certifications --------------------------------------------------------------------------

describe("certifications", () => {
  it("adds one, shows it on the public page, refuses it twice, and removes it once", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Certificada", slug: "chacra-certificada" },
    });
    const fields = {
      intent: "addCertification",
      kind: "organic",
      certifier: "Control Union Perú",
      certifiedOn: "2023-06-01",
    };
    const res = await post(producer.id, fields);
    expect((await flashOf(res))?.key).toBe("coordProducers.notice.certificationAdded");
    const [cert] = certsOf(producer.id);
    expect(cert).toMatchObject({
      kind: "organic",
      certifier: "Control Union Perú",
      certifiedOn: "2023-06-01",
    });
    const publicPage = await (
      await run(publicProfile.loader, getRequest("/productores/chacra-certificada"), {
        params: { slug: "chacra-certificada" },
      })
    ).json();
    expect(publicPage.producer.certifications).toEqual([
      { kind: "organic", certifier: "Control Union Perú", certifiedOn: "2023-06-01" },
    ]);

    // Sent twice (double tap): refused as already listed, still one.
    const twice = await post(producer.id, { ...fields, certifier: "control union peru" });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error[""]).toEqual([
      "coordProducers.errors.duplicateCertification",
    ]);
    expect(certsOf(producer.id)).toHaveLength(1);

    const removal = { intent: "removeCertification", certificationId: String(cert.id) };
    expect((await flashOf(await post(producer.id, removal)))?.key).toBe(
      "coordProducers.notice.certificationRemoved",
    );
    expect(certsOf(producer.id)).toHaveLength(0);
    expect((await flashOf(await post(producer.id, removal)))?.key).toBe(
      "coordProducers.notice.certificationAlreadyRemoved",
    );
    expect(auditRows(producer.id).map((a) => a.action)).toEqual([
      "producer.certification.add",
      "producer.certification.remove",
    ]);
  });

  it("refuses a date in the future, an impossible date, an unknown kind or no certifier, with 400 and nothing written", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id });
    const tomorrow = addDays(limaDateOf(new Date()), 1);
    const cases: [Record<string, string>, string, string][] = [
      [{ certifiedOn: tomorrow }, "certifiedOn", "coordProducers.errors.dateInFuture"],
      [{ certifiedOn: "2023-02-30" }, "certifiedOn", "coordProducers.errors.dateInvalid"],
      [{ certifiedOn: "1899-12-31" }, "certifiedOn", "coordProducers.errors.dateTooOld"],
      [{ certifiedOn: "" }, "certifiedOn", "errors.required"],
      [{ kind: "biodinamico" }, "kind", "errors.chooseOption"],
      [{ certifier: " " }, "certifier", "coordProducers.errors.certifierTooShort"],
    ];
    const before = snapshot();
    for (const [change, field, message] of cases) {
      const typed = {
        intent: "addCertification",
        kind: "sgp",
        certifier: "Consejo Regional SGP",
        certifiedOn: "2022-03-03",
        ...change,
      };
      const res = await post(producer.id, typed);
      expect(res.status, JSON.stringify(change)).toBe(400);
      const body = await res.json();
      expect(body.formId).toBe("certification");
      expect(body.error[field]).toEqual([message]);
      expect(body.initialValue).toEqual(typed);
    }
    expect(snapshot()).toEqual(before);
    // Today itself is fine.
    const today = await post(producer.id, {
      intent: "addCertification",
      kind: "sgp",
      certifier: "Consejo Regional SGP",
      certifiedOn: limaDateOf(new Date()),
    });
    expect(today.status).toBe(302);
  });
});

// --- two markets -----------------------------------------------------------------------------

describe("two markets", () => {
  it("a coordinator of market B gets 404 for market A's producers and changes nothing", async () => {
    const target = s.suspended.producer;
    const [anACert] = certsOf(s.selling.producer.id);
    expect((await showPage(target.id, s.coordB)).status).toBe(404);
    const before = snapshot();
    const attempts: Record<string, string>[] = [
      { intent: "reinstate", requestKey: key() },
      { intent: "approve", requestKey: key() },
      { intent: "suspend", requestKey: key() },
      { intent: "profile", farmName: "Robada", province: "Cusco" },
      { intent: "addCertification", kind: "sgp", certifier: "Nadie", certifiedOn: "2022-01-01" },
      { intent: "removeCertification", certificationId: String(anACert.id) },
      { intent: "profile", farmName: "" }, // even bad input gets the 404 first
    ];
    for (const fields of attempts) {
      expect((await post(target.id, fields, s.coordB)).status, fields.intent).toBe(404);
      expect((await post(s.selling.producer.id, fields, s.coordB)).status, fields.intent).toBe(404);
    }
    // Removing A's certification through B's own producer finds nothing to remove.
    const own = await post(
      s.otherApproved.producer.id,
      { intent: "removeCertification", certificationId: String(anACert.id) },
      s.coordB,
    );
    expect((await flashOf(own))?.key).toBe("coordProducers.notice.certificationAlreadyRemoved");
    expect(snapshot()).toEqual(before);
    expect(statusOf(target.id)).toBe("suspended");
  });

  it("each coordinator lists and approves only their own market's producers", async () => {
    const listB = (await (await showList("", s.coordB)).json()).producers as ListRow[];
    expect(listB.map((p) => p.farmName).sort()).toEqual([
      "Chacra Ajena",
      "Chacra del Otro Mercado",
    ]);
    const res = await post(
      s.otherPending.producer.id,
      { intent: "approve", requestKey: key() },
      s.coordB,
    );
    expect(res.status).toBe(302);
    expect(statusOf(s.otherPending.producer.id)).toBe("approved");
    expect(auditRows(s.otherPending.producer.id)[0].marketId).toBe(s.marketB.id);
    // The message goes to B's coordinator, naming B's producer.
    expect((await flashOf(res))?.values?.farm).toBe("Chacra del Otro Mercado");
  });
});
