// Tests for Tokenizer: memcached's tokenize_command semantics.

import Testing

@testable import MemcacheProtocol

private func tokens(_ line: String) -> (tokens: [String], remainder: String?) {
    let bytes = Array(line.utf8)
    return bytes.withUnsafeBytes { raw in
        let tokenizer = Tokenizer(raw)
        let list = (0..<tokenizer.count).map { String(decoding: tokenizer[$0], as: UTF8.self) }
        let rest = tokenizer.remainderOffset.map { String(decoding: bytes[$0...], as: UTF8.self) }
        return (list, rest)
    }
}

@Suite("Tokenizer")
struct TokenizerTests {
    @Test func splitsOnSpacesOnly() {
        #expect(tokens("set k\t1 0  0").tokens == ["set", "k\t1", "0", "0"])
        #expect(tokens("  get   a  b ").tokens == ["get", "a", "b"])
        #expect(tokens("").tokens == [])
        #expect(tokens("   ").tokens == [])
        #expect(tokens("x").tokens == ["x"])
    }

    @Test func stopsAfter23TokensWithRemainder() {
        let words = (0..<30).map { "k\($0)" }
        let result = tokens(words.joined(separator: " "))
        #expect(result.tokens == Array(words[0..<23]))
        #expect(result.remainder == words[23...].joined(separator: " "))
    }

    @Test func exactly23TokensHasNoRemainder() {
        let words = (0..<23).map { "k\($0)" }
        #expect(tokens(words.joined(separator: " ")).remainder == nil)
        // A trailing space after the 23rd token leaves nothing to tokenize either.
        #expect(tokens(words.joined(separator: " ") + " ").remainder == nil)
        #expect(tokens(words.joined(separator: " ") + "  x").remainder == " x")
    }

    @Test func continuesFromRemainder() {
        let words = (0..<50).map { "k\($0)" }
        let line = Array(words.joined(separator: " ").utf8)
        var collected: [String] = []
        line.withUnsafeBytes { raw in
            var tokenizer = Tokenizer(raw)
            while true {
                for index in 0..<tokenizer.count { collected.append(String(decoding: tokenizer[index], as: UTF8.self)) }
                guard let next = tokenizer.remainderOffset else { break }
                tokenizer = Tokenizer(raw, from: next)
            }
        }
        #expect(collected == words)
    }

    @Test func tokenComparison() {
        Array("set k noreply".utf8).withUnsafeBytes { raw in
            let tokenizer = Tokenizer(raw)
            #expect(tokenizer.token(2, is: "noreply"))
            #expect(!tokenizer.token(1, is: "noreply"))
            #expect(!tokenizer.token(3, is: "noreply"))
            #expect(tokenizer[0].hasPrefix("se"))
        }
    }
}
