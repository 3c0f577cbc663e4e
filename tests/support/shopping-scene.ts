/**
 * The consumer pages' scene (shopping.test.ts, shopping-checkout.test.ts): two farms in two
 * categories of "Mercado de prueba", four offers at S/ 3.50 with little stock (one paused), and a
 * market day three days ahead with two slots of two places.
 */
import { limaDateOf } from "../../app/lib/time";
import { openMarketDayScenario } from "../factories";

/** Two farms in two categories, four offers at S/ 3.50 (one paused), two small slots. */
export function shoppingScene() {
  const { producers, offers, ...scenario } = openMarketDayScenario({
    market: { name: "Mercado de prueba" },
    categories: {
      tubers: {
        slug: "papas",
        nameEs: "Papas",
        nameQu: "Papakuna",
        nameEn: "Potatoes",
        position: 1,
      },
      dairy: {
        slug: "lacteos",
        nameEs: "Lácteos",
        nameQu: "Kisukuna",
        nameEn: "Dairy",
        position: 2,
      },
    },
    producers: {
      pisac: {
        profile: {
          farmName: "Chacra Ñawpa",
          slug: "chacra-nawpa",
          community: "Amaru",
          province: "Calca",
          story: "Papas nativas de altura.",
        },
        certs: [{ kind: "sgp", certifier: "Consejo SGP Cusco", certifiedOn: "2025-03-01" }],
      },
      anta: {
        profile: {
          farmName: "Quesos de Anta",
          slug: "quesos-anta",
          community: "Conchacalla",
          province: "Anta",
        },
      },
    },
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 2,
    pickupEnd: "08:00",
    offers: {
      chuno: {
        name: "Chuño negro",
        priceCents: 350,
        producer: "pisac",
        category: "tubers",
        quantity: 5,
      },
      olluco: {
        name: "Olluco",
        priceCents: 350,
        producer: "pisac",
        category: "tubers",
        quantity: 3,
        perCustomerLimit: 2,
      },
      queso: {
        name: "Queso fresco",
        priceCents: 350,
        producer: "anta",
        category: "dairy",
        quantity: 1,
      },
      paused: {
        name: "Yogur de sauco",
        priceCents: 350,
        producer: "anta",
        category: "dairy",
        quantity: 9,
        status: "paused",
      },
    },
  });
  return {
    ...scenario,
    pisac: producers.pisac.producer,
    anta: producers.anta.producer,
    ...offers,
  };
}
