# The mode sequence from the notes: MR on a miss NS; ME, MA, MP then HD; value "zab".
>>> ms mm 1 MR\r\na\r\n
<<< NS\r\n
>>> ms mm 1 ME\r\na\r\n
<<< HD\r\n
>>> ms mm 1 MA\r\nb\r\n
<<< HD\r\n
>>> ms mm 1 MP\r\nz\r\n
<<< HD\r\n
>>> mg mm v\r\n
<<< VA 3\r\nzab\r\n
