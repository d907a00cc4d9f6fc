// Meta commands (mg, ms, md, ma, mn, me): placeholder until the meta command family lands.
//
// This file only fixes the interface the session calls; it answers ERROR to every meta command.

/// What a meta command did with the input after its line (see the design contract).
public enum MetaStep {
    /// Handled; also consumed this many bytes after the line (the ms data block and its "\r\n").
    case done(consumedFromRest: Int)
    /// An ms whose data block has not fully arrived: nothing written, line not consumed.
    case needMoreData
    /// An error was written (for example too large); discard this many more bytes of input.
    case swallow(Int)
    /// Fatal: close the connection.
    case close
}

extension ProtocolSession {
    /// Runs one meta command. `line` is the request line without its terminator; `rest` the bytes after it.
    func handleMetaCommand(line: UnsafeRawBufferPointer, rest: UnsafeRawBufferPointer, output: OutputBuffer)
        -> MetaStep
    {
        output.append("ERROR\r\n")
        return .done(consumedFromRest: 0)
    }
}
