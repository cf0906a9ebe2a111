"""The text layer of a PDF, read by PDFium (pypdfium2) in a child process with its own limits.

PDFium is native code reading untrusted files: a crafted PDF can ask for gigabytes (a content
stream that inflates a thousandfold) or minutes. In a child process that limits its own memory
and processor time, and that the parent stops after a wall-clock timeout, such a file costs the
web worker nothing but a refusal.

    python -m peerlearning.lib.pdftext MAX_CHARACTERS < file.pdf > text

The child exits 0 with the text (UTF-8) on its standard output, PASSWORD if the PDF needs a
password to open, UNREADABLE if PDFium cannot read it (its reason on standard error)."""

import re
import resource
import subprocess
import sys

PASSWORD = 3
UNREADABLE = 4
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 20
TIMEOUT_SECONDS = 30


class PdfNeedsPassword(Exception):
    pass


class PdfUnreadable(Exception):
    """The message says why (PDFium's reason, or the limit the file went over)."""


def _joined(match: re.Match[str]) -> str:
    """A line's end inside a word cut by a hyphen: joined when both halves are lower case."""
    before, after = match.string[match.start() - 1], match.string[match.end()]
    return "" if before.islower() and after.islower() else match.group()


def read(data: bytes, max_characters: int) -> str:
    """The pages' text, in this process (the child's work)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages: list[str] = []
    length = 0
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            text = text_page.get_text_bounded()
            text_page.close()
            page.close()
            pages.append(text)
            length += len(text) + 1
            if length > max_characters:
                break
    finally:
        document.close()
    # PDFium ends lines with CR LF; a word cut by a hyphen at a line's end is joined again.
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?<=[^\W\d_])[\u00ad\ufffe-]\n(?=[^\W\d_])", _joined, text)
    return text[:max_characters]


def text_of(data: bytes, max_characters: int) -> str:
    """The PDF's text, read in a child process; PdfNeedsPassword or PdfUnreadable otherwise."""
    try:
        child = subprocess.run(  # noqa: S603 - our own module, no shell, no user input in argv
            [sys.executable, "-m", "peerlearning.lib.pdftext", str(max_characters)],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfUnreadable("it takes too long to read") from None
    if child.returncode == 0:
        return child.stdout.decode("utf-8", errors="replace")
    if child.returncode == PASSWORD:
        raise PdfNeedsPassword
    if child.returncode == UNREADABLE:
        reason = child.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise PdfUnreadable(reason[-1] if reason else "PDFium cannot read it")
    # Killed at its memory or processor limit (or out of memory): too heavy to read.
    raise PdfUnreadable("it needs more memory or time than a document may take to read")


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    data = sys.stdin.buffer.read()
    try:
        text = read(data, int(sys.argv[1]))
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            sys.exit(PASSWORD)
        sys.stderr.write(f"{error}\n")
        sys.exit(UNREADABLE)
    except MemoryError:
        sys.exit(UNREADABLE + 1)
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))


if __name__ == "__main__":
    main()
