package nl.dkgw.gateway.diagnosis;

/** Checks one layer of the link, using (and adding to) what the layers below found. */
interface LinkCheck {

    Layer layer();

    LayerResult check(LinkFacts facts);
}
