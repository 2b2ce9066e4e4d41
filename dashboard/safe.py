"""Making data text safe to show. Streamlit never renders raw HTML from st.markdown unless told to (we never
tell it to with data), but Markdown itself can still turn text into links, emphasis, colour directives
(:red[...]), icons (:material/x:) or LaTeX ($...$). `md` escapes every such character."""

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")


def md(text) -> str:
    """Text from the data or the URL, escaped so that Markdown shows it literally."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
