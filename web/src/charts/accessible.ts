/** Accessible defaults shared by the charts. */

/**
 * Marks a Plot figure as one image for assistive technology and adds a `<desc>` with the
 * long description (screen readers read `<desc>` more widely than `aria-description`).
 * @param element what `Plot.plot` returned (an SVG, or a figure wrapping one)
 * @param description the chart's data in words
 * @returns the same element
 */
export function accessibleChart<E extends Element>(element: E, description: string): E {
  const svg = element.tagName.toLowerCase() === "svg" ? element : element.querySelector("svg");
  if (svg) {
    svg.setAttribute("role", "img");
    // Plot labels its mark groups (<g aria-label="bar">); inside one image they are noise, and
    // aria-label on an element without a role is not allowed (axe: aria-prohibited-attr).
    for (const el of svg.querySelectorAll("[aria-label], [aria-description]")) {
      el.removeAttribute("aria-label");
      el.removeAttribute("aria-description");
    }
    const desc = svg.ownerDocument.createElementNS("http://www.w3.org/2000/svg", "desc");
    desc.textContent = description;
    svg.insertBefore(desc, svg.firstChild);
  }
  return element;
}
